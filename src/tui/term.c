/* term.c - the terminal gateway (see term.h). The one file that includes
 * curses. Signal handlers only set flags; resizes arrive as KEY_RESIZE. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

#include "term.h"

/* For a crash: the tty modes from before curses and the terminal's own
 * "leave the full-screen mode" strings, so the handler can put the terminal
 * back with async-signal-safe calls only (no curses in a handler). */
static struct termios saved_tio;
static int have_tio;
static char crash_reset[256];
static size_t crash_reset_len;

static int active;                      /* curses is on the screen */
static volatile sig_atomic_t got_signal; /* SIGTERM or SIGHUP arrived */
static attr_t role_attr[TUI_A_COUNT];   /* curses attributes of each role */
static short role_pair[TUI_A_COUNT];    /* colour pair of each role, 0 none */

/* SIGTERM/SIGHUP/SIGINT: only a flag (curses is not signal-safe). */
static void on_signal(int sig)
{
	got_signal = sig;
}

/* Curses attributes of TUI_M_... flags. */
static attr_t attrs_of(int m)
{
	return (m & TUI_M_BOLD ? A_BOLD : 0) | (m & TUI_M_REVERSE ? A_REVERSE : 0) |
	       (m & TUI_M_UNDERLINE ? A_UNDERLINE : 0) | (m & TUI_M_DIM ? A_DIM : 0);
}

/* Curses colour of a tui_colour (-1: the terminal's default). */
static short colour_of(int c)
{
	static const short curses[] = {COLOR_BLACK, COLOR_RED, COLOR_GREEN, COLOR_YELLOW,
	                               COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN, COLOR_WHITE};
	return c >= 0 && c < 8 ? curses[c] : -1;
}

/* Colour pairs of the roles' looks (tui_looks) when the terminal has
 * colours, their plain attributes otherwise. */
static void setup_attrs(void)
{
	int colours = has_colors() && getenv("NO_COLOR") == NULL;
	if (colours) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < TUI_A_COUNT; i++) {
		const tui_look *lk = &tui_looks[i];
		role_pair[i] = 0;
		role_attr[i] = attrs_of(colours ? lk->colour : lk->mono);
		if (colours && (lk->fg >= 0 || lk->bg >= 0) && i < COLOR_PAIRS) {
			init_pair((short)i, colour_of(lk->fg), colour_of(lk->bg));
			role_pair[i] = (short)i;
		}
	}
}

/* SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGABRT: restore the tty, then die of the
 * same signal (core dump and exit status as without the handler). Unused
 * under ASan. */
__attribute__((unused)) static void on_crash(int sig)
{
	if (active) {
		if (crash_reset_len)
			(void)!write(STDOUT_FILENO, crash_reset, crash_reset_len);
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Capture what on_crash writes: attributes off, cursor shown, the normal
 * screen back. */
static void prepare_crash_reset(void)
{
	static const char *caps[] = {"sgr0", "cnorm", "rmcup"};
	crash_reset_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		char *v = tigetstr((char *)caps[i]);
		if (!v || v == (char *)-1)
			continue;
		size_t n = strlen(v);
		if (crash_reset_len + n + 2 >= sizeof crash_reset)
			break;
		memcpy(crash_reset + crash_reset_len, v, n);
		crash_reset_len += n;
	}
	crash_reset[crash_reset_len++] = '\r';
	crash_reset[crash_reset_len++] = '\n';
}

/* atexit: the terminal back, however the process ends. */
static void at_exit_restore(void)
{
	tui_term_end();
}

int tui_term_init(void)
{
	static int registered;
	struct sigaction sa;
	if (active)
		return 0;
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	if (!newterm(NULL, stdout, stdin))
		return -1;
	active = 1;
	tui_on_oom(tui_term_end); /* out of memory: the terminal back first */
	prepare_crash_reset();
	if (!registered) {
		atexit(at_exit_restore);
		registered = 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* kill -INT from outside (Ctrl-C itself is a key in raw mode) */
	sigaction(SIGINT, &sa, NULL);
#if defined(__SANITIZE_ADDRESS__)
#define FB_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FB_UNDER_ASAN 1
#endif
#endif
#ifndef FB_UNDER_ASAN
	/* a crash restores the terminal too (not under ASan: its reports first) */
	static const int crashes[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
		sigaction(crashes[i], &sa, NULL);
#endif
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Home/End arrive in several dialects whatever terminfo says (PuTTY,
	 * tmux, screen, rxvt): accept them all. */
	static const struct { const char *seq; int key; } extra[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME},
		{"\033OH", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[8~", KEY_END},
		{"\033[F", KEY_END}, {"\033OF", KEY_END}, {"\033[3~", KEY_DC},
		{"\033[Z", KEY_BTAB},
	};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (key_defined(extra[i].seq) <= 0)
			define_key(extra[i].seq, extra[i].key);
	setup_attrs();
	return 0;
}

void tui_term_end(void)
{
	if (!active)
		return;
	active = 0;
	curs_set(1);
	endwin();
}

void tui_term_size(int *rows, int *cols)
{
	*rows = active ? LINES : 24;
	*cols = active ? COLS : 80;
}

int tui_term_signalled(void)
{
	return got_signal;
}

int tui_term_key(int timeout_ms)
{
	wint_t wc;
	if (got_signal)
		return TUI_KEY_NONE;
	timeout(timeout_ms);
	int r = get_wch(&wc);
	if (r == ERR)
		return TUI_KEY_NONE;
	if (r == OK) {
		if (wc == 127 || wc == 8)
			return TUI_KEY_BACKSPACE;
		if (wc == '\n')
			return TUI_ENTER;
		return (int)wc;
	}
	switch (wc) {
	case KEY_UP: return TUI_KEY_UP;
	case KEY_DOWN: return TUI_KEY_DOWN;
	case KEY_LEFT: return TUI_KEY_LEFT;
	case KEY_RIGHT: return TUI_KEY_RIGHT;
	case KEY_HOME: return TUI_KEY_HOME;
	case KEY_END: return TUI_KEY_END;
	case KEY_PPAGE: return TUI_KEY_PGUP;
	case KEY_NPAGE: return TUI_KEY_PGDN;
	case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
	case KEY_DC: return TUI_KEY_DELETE;
	case KEY_BTAB: return TUI_KEY_BTAB;
	case KEY_F(1): return TUI_KEY_F1;
	case KEY_F(2): return TUI_KEY_F2;
	case KEY_ENTER: return TUI_ENTER;
	case KEY_RESIZE: return TUI_KEY_RESIZE;
	default: return TUI_KEY_NONE;
	}
}

/* The line-drawing character of curses for a box-drawing code point (ACS
 * where the terminal has it, Unicode in a UTF-8 terminal that lacks it,
 * ASCII +-| otherwise); NULL for any other character. */
static const cchar_t *box_char(uint32_t cp)
{
	switch (cp) {
	case TUI_BOX_H: return WACS_HLINE;
	case TUI_BOX_V: return WACS_VLINE;
	case TUI_BOX_TL: return WACS_ULCORNER;
	case TUI_BOX_TR: return WACS_URCORNER;
	case TUI_BOX_BL: return WACS_LLCORNER;
	case TUI_BOX_BR: return WACS_LRCORNER;
	default: return NULL;
	}
}

void tui_term_show(const tui_cbuf *b, int cur_y, int cur_x)
{
	if (!active)
		return;
	for (int y = 0; y < b->rows && y < LINES; y++) {
		for (int x = 0; x < b->cols && x < COLS; x++) {
			const tui_cell *c = &b->cells[y * b->cols + x];
			if (c->width == 0)
				continue;
			wchar_t wch[2] = {(wchar_t)c->cp, 0};
			cchar_t cc;
			int a = c->attr < TUI_A_COUNT ? c->attr : 0;
			const cchar_t *line = box_char(c->cp);
			if (line) {
				/* the terminal's own line drawing, with the role's look */
				wchar_t lw[CCHARW_MAX];
				attr_t la;
				short lp;
				getcchar(line, lw, &la, &lp, NULL);
				setcchar(&cc, lw, la | role_attr[a], role_pair[a], NULL);
			} else {
				setcchar(&cc, wch, role_attr[a], role_pair[a], NULL);
			}
			mvadd_wch(y, x, &cc);
		}
	}
	if (cur_y >= 0) {
		curs_set(1);
		move(cur_y, cur_x);
	} else {
		curs_set(0);
	}
	refresh();
}

void tui_term_suspend(void)
{
	if (!active)
		return;
	def_prog_mode();
	endwin();
}

void tui_term_resume(void)
{
	if (!active)
		return;
	reset_prog_mode();
	clearok(stdscr, TRUE);
	refresh();
}
