/* text.c - UTF-8 decoding and display widths (see text.h for the policy). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/text.h"

size_t fb_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = FB_REPLACEMENT;
		return 1;
	}
	if (n < len) {
		*cp = FB_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = FB_REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = FB_REPLACEMENT;
		return 1;
	}
	*cp = v;
	return len;
}

size_t fb_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = FB_REPLACEMENT;
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return fb_utf8_encode(FB_REPLACEMENT, out);
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The one UTF-8 validator (the same rules as fb_utf8_decode: no overlongs,
 * surrogates or code points past U+10FFFF), with a fast path over ASCII:
 * it runs over every cell a bundle brings and every text a record holds. */
int fb_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		if (end - s >= 8) {
			uint64_t v;
			memcpy(&v, s, 8);
			if (!(v & 0x8080808080808080ULL)) {
				s += 8;
				continue;
			}
		}
		unsigned c = *s;
		if (c < 0x80) {
			s++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (end - s < 2 || (s[1] & 0xC0) != 0x80)
				return 0;
			s += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (end - s < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
				return 0;
			s += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (end - s < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			    (s[3] & 0xC0) != 0x80 || (c == 0xF0 && s[1] < 0x90) ||
			    (c == 0xF4 && s[1] > 0x8F))
				return 0;
			s += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Characters are the bytes that do not continue one (10xxxxxx), counted
 * eight at a time: the validators count every text an import brings. */
size_t fb_utf8_chars(const char *s)
{
	size_t len = strlen(s), n = 0, i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		/* a continuation byte has bit 7 set and bit 6 clear */
		uint64_t cont = v & ~(v << 1) & 0x8080808080808080ULL;
		n += 8 - (size_t)__builtin_popcountll(cont);
	}
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

struct range {
	uint32_t lo, hi;
};

/* Unicode East Asian Width W and F (Unicode 15), merged into ranges. */
static const struct range wide[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
	{0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
	{0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
	{0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
	{0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
	{0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
	{0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
	{0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
	{0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	{0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
	{0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
	{0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
	{0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
	{0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
	{0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
	{0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
	{0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
	{0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks and other zero-width characters (the common blocks). */
static const struct range zero[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
	{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
	{0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* 1 if cp is in one of the sorted ranges t[0..n). */
static int in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int fb_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

size_t fb_text_width(const char *s)
{
	size_t w = 0, n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		i += fb_utf8_decode(s + i, n - i, &cp);
		w += (size_t)fb_cp_width(cp);
	}
	return w;
}

/* Append the display form of cp to out: controls and invalid bytes become
 * U+FFFD, newline and tab a space. Returns its width, or -1 if no room. */
static int put_display(uint32_t cp, char *out, size_t *len, size_t size)
{
	char buf[4];
	if (cp == '\n' || cp == '\t' || cp == '\r')
		cp = ' ';
	else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		cp = FB_REPLACEMENT;
	size_t k = fb_utf8_encode(cp, buf);
	if (*len + k + 1 > size)
		return -1;
	memcpy(out + *len, buf, k);
	*len += k;
	return fb_cp_width(cp);
}

/* Columns one character takes in fit(): newline and tab become a space,
 * other controls U+FFFD, so each takes one column (fb_cp_width says 0). */
static int display_width(uint32_t cp)
{
	int w = fb_cp_width(cp);
	return w == 0 && cp < 0xA0 ? 1 : w;
}

/* fb_text_fit (pad) and fb_text_cut (no pad): s in cols display columns, cut with …. */
static char *fit(const char *s, int cols, char *out, size_t size, int pad)
{
	static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026, one column */
	size_t len = 0, n = strlen(s), i = 0;
	int used = 0;
	if (size == 0)
		return out;
	if (cols < 0)
		cols = 0;
	int total = 0; /* width as shown, which is not fb_text_width with controls */
	for (size_t j = 0; j < n;) {
		uint32_t cp;
		j += fb_utf8_decode(s + j, n - j, &cp);
		total += display_width(cp);
	}
	int budget = total <= cols ? cols : cols - 1; /* room for … when cut */
	while (i < n) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s + i, n - i, &cp);
		int w = display_width(cp);
		if (used + w > budget)
			break;
		if (put_display(cp, out, &len, size) < 0)
			break;
		used += w;
		i += k;
	}
	if (i < n && cols > 0 && len + 4 <= size) {
		memcpy(out + len, ellipsis, 3);
		len += 3;
		used += 1;
	}
	while (pad && used < cols && len + 2 <= size) {
		out[len++] = ' ';
		used++;
	}
	out[len] = '\0';
	return out;
}

char *fb_text_fit(const char *s, int cols, char *out, size_t size)
{
	return fit(s, cols, out, size, 1);
}

char *fb_text_cut(const char *s, int cols, char *out, size_t size)
{
	return fit(s, cols, out, size, 0);
}

size_t fb_text_prefix(const char *s, int cols)
{
	size_t n = strlen(s), i = 0;
	int used = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s + i, n - i, &cp);
		int w = fb_cp_width(cp);
		if (used + w > cols)
			break;
		used += w;
		i += k;
	}
	return i;
}

char *fb_text_copy(const char *s, char *out, size_t size)
{
	size_t n = strlen(s);
	if (n >= size) {
		n = size - 1;
		/* back up to a character boundary */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Chinese line breaking (kinsoku): closing punctuation never starts a line,
 * opening brackets never end one. */
int fb_cp_no_line_start(uint32_t c)
{
	static const uint32_t closers[] = {
		0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09, /* 。，、；：！？） */
		0x300D, 0x300F, 0x300B, 0x3009, 0x3011, 0x3015, 0x201D, 0x2019, /* 」』》〉】〕”’ */
		0x2026, 0xFF0E, 0x00B7, 0xFF5E, 0x30FB, 0xFF3D, 0xFF5D, /* …．·～・］｝ */
		',',    '.',    ';',    ':',    '!',    '?',    ')',    ']',    '}', '%',
	};
	for (size_t i = 0; c && i < sizeof closers / sizeof closers[0]; i++)
		if (closers[i] == c)
			return 1;
	return 0;
}

int fb_cp_no_line_end(uint32_t c)
{
	static const uint32_t openers[] = {
		0xFF08, 0x300C, 0x300E, 0x300A, 0x3008, 0x3010,
		0x3014, 0x201C,                              /* （「『《〈【〔“ */
		0x2018, 0xFF3B, 0xFF5B, '(',    '[',    '{', /* ‘［｛ */
	};
	for (size_t i = 0; c && i < sizeof openers / sizeof openers[0]; i++)
		if (openers[i] == c)
			return 1;
	return 0;
}

int fb_cp_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 1;
	return cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

static const char *const c0_names[32] = {"NULL",
                                         "START OF HEADING",
                                         "START OF TEXT",
                                         "END OF TEXT",
                                         "END OF TRANSMISSION",
                                         "ENQUIRY",
                                         "ACKNOWLEDGE",
                                         "BELL",
                                         "BACKSPACE",
                                         "CHARACTER TABULATION",
                                         "LINE FEED",
                                         "LINE TABULATION",
                                         "FORM FEED",
                                         "CARRIAGE RETURN",
                                         "SHIFT OUT",
                                         "SHIFT IN",
                                         "DATA LINK ESCAPE",
                                         "DEVICE CONTROL ONE",
                                         "DEVICE CONTROL TWO",
                                         "DEVICE CONTROL THREE",
                                         "DEVICE CONTROL FOUR",
                                         "NEGATIVE ACKNOWLEDGE",
                                         "SYNCHRONOUS IDLE",
                                         "END OF TRANSMISSION BLOCK",
                                         "CANCEL",
                                         "END OF MEDIUM",
                                         "SUBSTITUTE",
                                         "ESCAPE",
                                         "INFORMATION SEPARATOR FOUR",
                                         "INFORMATION SEPARATOR THREE",
                                         "INFORMATION SEPARATOR TWO",
                                         "INFORMATION SEPARATOR ONE"};
static const char *const c1_names[32] = {"PADDING CHARACTER",
                                         "HIGH OCTET PRESET",
                                         "BREAK PERMITTED HERE",
                                         "NO BREAK HERE",
                                         "INDEX",
                                         "NEXT LINE",
                                         "START OF SELECTED AREA",
                                         "END OF SELECTED AREA",
                                         "CHARACTER TABULATION SET",
                                         "CHARACTER TABULATION WITH JUSTIFICATION",
                                         "LINE TABULATION SET",
                                         "PARTIAL LINE FORWARD",
                                         "PARTIAL LINE BACKWARD",
                                         "REVERSE LINE FEED",
                                         "SINGLE SHIFT TWO",
                                         "SINGLE SHIFT THREE",
                                         "DEVICE CONTROL STRING",
                                         "PRIVATE USE ONE",
                                         "PRIVATE USE TWO",
                                         "SET TRANSMIT STATE",
                                         "CANCEL CHARACTER",
                                         "MESSAGE WAITING",
                                         "START OF GUARDED AREA",
                                         "END OF GUARDED AREA",
                                         "START OF STRING",
                                         "SINGLE GRAPHIC CHARACTER INTRODUCER",
                                         "SINGLE CHARACTER INTRODUCER",
                                         "CONTROL SEQUENCE INTRODUCER",
                                         "STRING TERMINATOR",
                                         "OPERATING SYSTEM COMMAND",
                                         "PRIVACY MESSAGE",
                                         "APPLICATION PROGRAM COMMAND"};
static const struct {
	uint32_t cp;
	const char *name;
} format_names[] = {
	{0x00AD, "SOFT HYPHEN"},
	{0x061C, "ARABIC LETTER MARK"},
	{0x180E, "MONGOLIAN VOWEL SEPARATOR"},
	{0x200B, "ZERO WIDTH SPACE"},
	{0x200C, "ZERO WIDTH NON-JOINER"},
	{0x200D, "ZERO WIDTH JOINER"},
	{0x200E, "LEFT-TO-RIGHT MARK"},
	{0x200F, "RIGHT-TO-LEFT MARK"},
	{0x2028, "LINE SEPARATOR"},
	{0x2029, "PARAGRAPH SEPARATOR"},
	{0x202A, "LEFT-TO-RIGHT EMBEDDING"},
	{0x202B, "RIGHT-TO-LEFT EMBEDDING"},
	{0x202C, "POP DIRECTIONAL FORMATTING"},
	{0x202D, "LEFT-TO-RIGHT OVERRIDE"},
	{0x202E, "RIGHT-TO-LEFT OVERRIDE"},
	{0x2060, "WORD JOINER"},
	{0x2061, "FUNCTION APPLICATION"},
	{0x2062, "INVISIBLE TIMES"},
	{0x2063, "INVISIBLE SEPARATOR"},
	{0x2064, "INVISIBLE PLUS"},
	{0x2066, "LEFT-TO-RIGHT ISOLATE"},
	{0x2067, "RIGHT-TO-LEFT ISOLATE"},
	{0x2068, "FIRST STRONG ISOLATE"},
	{0x2069, "POP DIRECTIONAL ISOLATE"},
	{0x206A, "INHIBIT SYMMETRIC SWAPPING"},
	{0x206B, "ACTIVATE SYMMETRIC SWAPPING"},
	{0x206C, "INHIBIT ARABIC FORM SHAPING"},
	{0x206D, "ACTIVATE ARABIC FORM SHAPING"},
	{0x206E, "NATIONAL DIGIT SHAPES"},
	{0x206F, "NOMINAL DIGIT SHAPES"},
	{0xFEFF, "ZERO WIDTH NO-BREAK SPACE"},
	{0xFFF9, "INTERLINEAR ANNOTATION ANCHOR"},
	{0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR"},
	{0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR"},
};

const char *fb_cp_name(uint32_t cp)
{
	if (cp < 0x20)
		return c0_names[cp];
	if (cp == 0x7F)
		return "DELETE";
	if (cp >= 0x80 && cp <= 0x9F)
		return c1_names[cp - 0x80];
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (format_names[i].cp == cp)
			return format_names[i].name;
	return NULL;
}

/* The escape for the character at s (n bytes left) into esc, "" if it is
 * safe to print; *used gets its length in bytes. */
static void visible_escape(const char *s, size_t n, int flags, char esc[16], size_t *used)
{
	uint32_t cp;
	*used = fb_utf8_decode(s, n, &cp);
	esc[0] = '\0';
	if (cp == FB_REPLACEMENT && *used == 1 && (unsigned char)s[0] >= 0x80) {
		snprintf(esc, 16, "<0x%02X>", (unsigned char)s[0]);
		return;
	}
	if ((cp == '\n' && (flags & FB_VISIBLE_KEEP_NL)) ||
	    (cp == '\t' && (flags & FB_VISIBLE_KEEP_TAB)))
		return;
	if (fb_cp_unsafe(cp))
		snprintf(esc, 16, "<U+%04X>", (unsigned)cp);
}

char *fb_text_visible(const char *s, int flags, char *out, size_t size)
{
	size_t o = 0, n = s ? strlen(s) : 0;
	if (!size)
		return out;
	for (size_t i = 0; i < n;) {
		char esc[16];
		size_t used;
		visible_escape(s + i, n - i, flags, esc, &used);
		const char *piece = esc[0] ? esc : s + i;
		size_t len = esc[0] ? strlen(esc) : used;
		if (o + len >= size)
			break;
		memcpy(out + o, piece, len);
		o += len;
		i += used;
	}
	out[o] = '\0';
	return out;
}

char *fb_text_visible_dup(const char *s, int flags)
{
	size_t n = s ? strlen(s) : 0, need = 1;
	for (size_t i = 0; i < n;) {
		char esc[16];
		size_t used;
		visible_escape(s + i, n - i, flags, esc, &used);
		need += esc[0] ? strlen(esc) : used;
		i += used;
	}
	char *out = malloc(need);
	return out ? fb_text_visible(s, flags, out, need) : NULL;
}
