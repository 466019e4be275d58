/* i18n.c - finds the message catalogues. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fieldbook/i18n.h"

void fb_i18n_init(void)
{
	const char *dir = getenv("FIELDBOOK_LOCALEDIR");
	char exe[PATH_MAX];
	if (!dir || !*dir) {
		/* A build tree keeps its catalogues in locale/ beside the binary. */
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 8);
		struct stat sb;
		if (n > 0) {
			exe[n] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash) {
				strcpy(slash + 1, "locale");
				if (stat(exe, &sb) == 0 && S_ISDIR(sb.st_mode))
					dir = exe;
			}
		}
	}
	if (!dir || !*dir)
		dir = FB_LOCALEDIR;
	bindtextdomain("fieldbook", dir);
	bind_textdomain_codeset("fieldbook", "UTF-8");
	textdomain("fieldbook");
}
