/* report_labels.c - report kinds and sections in people's words: the short
 * labels that lists and messages show, and back from what a person types
 * (a code or a label) to the kind or section. */
#include <string.h>
#include <strings.h>

#include "fieldbook/i18n.h"
#include "fieldbook/report.h"

static const char *const kind_labels[] = {N_("Weekly report"), N_("Monthly minutes"),
                                          N_("Stage summary")};
static const char *const section_labels[FB_SEC_COUNT] = {N_("Work done"), N_("Topical research"),
                                                         N_("Problems and how they were handled"),
                                                         N_("Next plan")};

const char *fb_report_kind_label(fb_report_kind k)
{
	return (unsigned)k < FB_REPORT_NKINDS ? _(kind_labels[k]) : "";
}

const char *fb_report_kind_label_of(const char *code)
{
	int k = fb_report_kind_parse(code);
	return k < 0 ? code : fb_report_kind_label((fb_report_kind)k);
}

const char *fb_report_section_label(fb_report_section s)
{
	return (unsigned)s < FB_SEC_COUNT ? _(section_labels[s]) : "";
}

/* 1 if word names msgid: the English text (any case) or its translation. */
static int names(const char *word, const char *msgid)
{
	return !strcasecmp(word, msgid) || !strcmp(word, _(msgid));
}

int fb_report_kind_resolve(const char *word)
{
	int k = fb_report_kind_parse(word);
	for (int i = 0; word && k < 0 && i < FB_REPORT_NKINDS; i++)
		if (names(word, kind_labels[i]))
			k = i;
	return k;
}

int fb_report_section_resolve(const char *word)
{
	int s = fb_report_section_parse(word);
	for (int i = 0; word && s < 0 && i < FB_SEC_COUNT; i++) {
		if (names(word, section_labels[i]))
			s = i;
		/* the section's heading in any kind of report */
		for (int k = 0; s < 0 && k < FB_REPORT_NKINDS; k++)
			if (!strcmp(word, fb_report_section_title((fb_report_kind)k,
			                                          (fb_report_section)i)))
				s = i;
	}
	return s;
}
