/* text.h - UTF-8 and display width: the one place widths come from.
 *
 * Widths follow Unicode East Asian Width: Wide and Fullwidth characters are two
 * columns, combining marks and zero-width characters none, everything else one
 * (ambiguous characters such as “ ” — · … count as one, as in a zh_CN
 * terminal's default narrow setting). The result does not depend on the
 * process locale. */
#ifndef FIELDBOOK_TEXT_H
#define FIELDBOOK_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define FB_REPLACEMENT 0xFFFDu

/* Decode one code point from s (at most n bytes). Returns the bytes used (>= 1
 * when n >= 1); an invalid or truncated sequence yields FB_REPLACEMENT and
 * consumes one byte. */
size_t fb_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns the bytes written. */
size_t fb_utf8_encode(uint32_t cp, char *out);
/* 1 if s[0..n) is valid UTF-8 without overlongs or surrogates. */
int fb_utf8_valid(const char *s, size_t n);
/* Number of code points in a NUL-terminated string. */
size_t fb_utf8_chars(const char *s);

/* Display columns of one code point: 0, 1 or 2 (controls count 0). */
int fb_cp_width(uint32_t cp);
/* Display columns of a NUL-terminated string. */
size_t fb_text_width(const char *s);

/* Fit s into exactly `cols` display columns: cut at a character boundary,
 * never through a double-width character, mark a cut with "…", pad with
 * spaces to cols. Newlines and tabs become spaces, other controls and invalid
 * bytes are shown as U+FFFD. Writes at most size-1 bytes to out (NUL
 * terminated); returns out. */
char *fb_text_fit(const char *s, int cols, char *out, size_t size);
/* The same without padding ("left-aligned, truncated"). */
char *fb_text_cut(const char *s, int cols, char *out, size_t size);
/* Byte length of the longest prefix of s that fits in cols columns. */
size_t fb_text_prefix(const char *s, int cols);
/* Copy at most size-1 bytes of s to out, never cutting a character. */
char *fb_text_copy(const char *s, char *out, size_t size);

/* Chinese line breaking (kinsoku), one set for every wrapper (reports, the
 * TUI's views and its line editor): 1 if cp is closing punctuation that
 * never starts a line (，。、；：！？）」》”… and the ASCII ones), or an
 * opening bracket or quote that never ends one (（「《“ ...). */
int fb_cp_no_line_start(uint32_t cp);
int fb_cp_no_line_end(uint32_t cp);

/* 1 if cp must never reach a terminal raw: C0 controls, DEL, C1 controls,
 * and invisible format characters (zero-width spaces and joiners,
 * bidirectional marks and overrides, U+2060-U+2064, U+FEFF, U+00AD). */
int fb_cp_unsafe(uint32_t cp);
/* The Unicode name of a code point fb_cp_unsafe refuses ("ZERO WIDTH
 * SPACE", "ESCAPE"; C1 controls by their alias), NULL for any other. */
const char *fb_cp_name(uint32_t cp);
enum {
	FB_VISIBLE_KEEP_NL = 1,  /* keep LF (multi-line text) */
	FB_VISIBLE_KEEP_TAB = 2, /* keep TAB */
};
/* Untrusted text made safe to print: every unsafe code point (fb_cp_unsafe)
 * and every invalid byte becomes a visible escape "<U+001B>" ("<0xFF>" for
 * a byte that is not UTF-8), but LF and TAB where flags keep them. Writes at
 * most size-1 bytes to out, never cutting a character or an escape; returns
 * out. */
char *fb_text_visible(const char *s, int flags, char *out, size_t size);
/* The same into a malloc'd string (NULL only when memory is short). Caller
 * frees. */
char *fb_text_visible_dup(const char *s, int flags);

#endif
