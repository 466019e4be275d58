/* report_codes.c - the codes of report kinds and sections and the titles a
 * reader sees for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "internal.h"
#include "report_impl.h"

/* ---- codes and titles ---- */

#define kind_codes fb_words_report_kind /* the limits table's list, in enum order */
static const char *const section_codes[] = {"work_done", "research", "problems", "next_plan"};

const char *fb_report_kind_code(fb_report_kind k)
{
	return (unsigned)k < FB_REPORT_NKINDS ? kind_codes[k] : "";
}

int fb_report_kind_parse(const char *s)
{
	for (int i = 0; s && i < FB_REPORT_NKINDS; i++)
		if (!strcmp(s, kind_codes[i]))
			return i;
	return -1;
}

const char *fb_report_section_code(fb_report_section s)
{
	return (unsigned)s < FB_SEC_COUNT ? section_codes[s] : "";
}

int fb_report_section_parse(const char *s)
{
	for (int i = 0; s && i < FB_SEC_COUNT; i++)
		if (!strcmp(s, section_codes[i]))
			return i;
	return -1;
}

const char *fb_report_section_title(fb_report_kind k, fb_report_section s)
{
	static const char *const titles[3][FB_SEC_COUNT] = {
		{N_("Work done this week"), N_("Topical research"),
	         N_("Problems found and how they were handled"), N_("Next week's plan")},
		{N_("Work done this month"), N_("Topical research"),
	         N_("Problems found and how they were resolved"), N_("Next month's plan")},
		{N_("Local enterprises: production, business and their problems"),
	         N_("The workforce: main demands and mood"), N_("Problems"),
	         N_("Suggestions and measures")},
	};
	if ((unsigned)k >= 3 || (unsigned)s >= FB_SEC_COUNT)
		return "";
	return _(titles[k][s]);
}

const char *fb_report_kind_title(fb_report_kind k)
{
	switch (k) {
	case FB_REPORT_WEEKLY: return _("Weekly report");
	case FB_REPORT_MONTHLY: return _("Monthly exchange minutes");
	default: return _("Stage summary and research report");
	}
}
