/* encode.h - the one CSV cell encoder and the one JSON string escaper: every
 * CSV and JSON fieldbook writes (bundles, --format csv|json of every list,
 * reports, statistics) goes through these, and a short label for a device.
 *
 * CSV is written for Excel on Chinese Windows, which must show every cell
 * as it was typed:
 *  - the file starts with FB_CSV_BOM (UTF-8, else Excel reads GBK) and every
 *    record ends with FB_CSV_EOL (CRLF);
 *  - a cell holding " , CR or LF is quoted, quotes doubled (RFC 4180);
 *  - a text cell that starts with = + - @ TAB or CR (Excel or LibreOffice
 *    would run it as a formula) or with an apostrophe (so that undoing it is
 *    unambiguous) gets one apostrophe in front: '=1+1 stays text;
 *  - a text cell of digits only that Excel would mangle - 11 digits or more
 *    (phone and ID numbers: 1.38E+10, lost digits) or 2 or more with a
 *    leading zero (0571) - is written as the formula ="0571", which Excel
 *    shows as the text 0571. A value that really starts with = is
 *    neutralised first, so the two never clash.
 * fb_csv_cell_restore() is the importer's exact inverse of a text cell
 * (the rules are documented for users in fieldbook-bundle(5)).
 *
 * JSON strings keep the exact data, escaped so that no byte of them can act
 * on a terminal that shows them: controls (C0, DEL, C1) and invisible format
 * characters (fb_cp_unsafe) become \uXXXX, as do U+2028 and U+2029; a byte
 * that is not UTF-8 becomes \ufffd (JSON text is UTF-8). */
#ifndef FIELDBOOK_ENCODE_H
#define FIELDBOOK_ENCODE_H

#include <stddef.h>

#define FB_CSV_BOM "\xEF\xBB\xBF"
#define FB_CSV_EOL "\r\n"

typedef enum fb_csv_kind {
	FB_CSV_TEXT,   /* text: formula neutralising and digits kept as text */
	FB_CSV_NUMBER, /* a number column: a plain decimal number (-12, 3.50) is
	                  written as is; anything else as FB_CSV_TEXT */
	FB_CSV_RAW,    /* a trusted machine value (a header, a uuid): quoting only */
} fb_csv_kind;

/* The most bytes fb_csv_cell_encode writes for n bytes of input. */
#define FB_CSV_CELL_MAX(n) (2 * (size_t)(n) + 8)

/* Encode s[0..n) as one CSV cell into out, which has room for
 * FB_CSV_CELL_MAX(n) bytes (no separator, no NUL). Returns the bytes
 * written. */
size_t fb_csv_cell_encode(char *out, const char *s, size_t n, fb_csv_kind kind);
/* Undo the protection of a text cell in place, after CSV unquoting:
 * '=... -> =..., ="0571" -> 0571. Returns the new length (s stays NUL
 * terminated when it was). */
size_t fb_csv_cell_restore(char *s, size_t n);

/* The most bytes fb_json_encode writes for n bytes of input. */
#define FB_JSON_MAX(n) (6 * (size_t)(n) + 2)

/* s[0..n) as a JSON string literal, quotes included, into out (room for
 * FB_JSON_MAX(n) bytes, no NUL written). Returns the bytes written. */
size_t fb_json_encode(char *out, const char *s, size_t n);

/* A device id as people are shown it: the last 8 hex digits of its UUID.
 * Device ids are time-ordered UUIDs (v7), whose first digits are the
 * creation time and so alike for every device set up the same week; the
 * tail is random, so two devices differ. Anything that is not a UUID is
 * copied (cut to 8 bytes). Returns out. */
#define FB_DEVICE_LABEL_SIZE 9
char *fb_device_label(const char *device, char out[FB_DEVICE_LABEL_SIZE]);

#endif
