/* keys.h - key codes of the front end, independent of curses: printable and
 * control characters are their code points, other keys live above Unicode. */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_ESC 27
#define TUI_TAB 9
#define TUI_ENTER 13

enum {
	TUI_KEY_BASE = 0x110000,
	TUI_KEY_UP, TUI_KEY_DOWN, TUI_KEY_LEFT, TUI_KEY_RIGHT,
	TUI_KEY_HOME, TUI_KEY_END, TUI_KEY_PGUP, TUI_KEY_PGDN,
	TUI_KEY_BACKSPACE, TUI_KEY_DELETE, TUI_KEY_BTAB, TUI_KEY_F1, TUI_KEY_F2,
	TUI_KEY_RESIZE,
	TUI_KEY_NONE, /* timeout: no key */
	TUI_KEY_QUIT  /* leave every screen now (signal, or the benchmark exit) */
};

/* 1 if key is a printable character (inserted into text). */
static inline int tui_key_printable(int key)
{
	return key >= 0x20 && key != 0x7f && key < TUI_KEY_BASE && !(key >= 0x80 && key < 0xa0);
}

#endif
