/* demo_logs.c - the demo's daily logs and the tickets opened from them:
 * logs of 100-400 characters made from the circulars' vocabulary, each
 * with its unit, workers and sometimes a contact sheet (demo_ledger.c), and
 * tickets with histories walked through the life cycle. Batched: one
 * transaction per DEMO_BATCH logs. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "fieldbook/ticket.h"
#include "demo_share.h"

static const char *const openers[] = {
	"上午到%s走访，与企业负责人和工会主席座谈，了解企业生产经营和职工队伍情况。",
	"深入%s生产车间，与一线职工面对面交流，倾听职工心声，了解他们的工作和生活状况。",
	"到%s开展政策宣讲，讲解劳动合同法和工会维权政策，现场发放宣传资料。",
	"走访%s困难职工家庭，了解职工家庭生活状况，送去慰问金和慰问品。",
	"在%s工会服务站现场办公，接待来访职工，现场解答职工咨询。",
	"对上周反映问题的%s进行回访，了解问题整改落实情况，听取职工意见。",
	"参加%s召开的企业工会主席座谈会，听取基层工会对工会工作的意见建议。",
	"到%s当一天工人，跟班劳动，体验一线职工的工作环境和劳动强度。",
	"协助%s筹备成立工会，宣传入会的好处，动员职工加入工会组织。",
	"围绕新就业形态劳动者权益保障开展专题调研，走访%s等企业。",
	"为%s职工提供法律咨询，帮助解答工资支付和社会保险方面的疑问。",
	"在%s组织心理疏导活动，帮助青年职工缓解工作压力，引导职工理性表达诉求。"};
/* The activity code of each opener, in the same order. */
static const char *const opener_activity[] = {
	"enterprise_visit", "worker_visit", "policy_briefing", "household_visit",
	"onsite_office",    "return_visit", "symposium",       "worker_for_a_day",
	"union_building",   "research",     "legal_aid",       "counselling"};
static const char *const situations[] = {
	"企业今年订单较去年减少约三成，部分生产线处于半停产状态，职工收入有所下降。",
	"企业现有职工三百余人，其中农民工占比较高，人员流动性较大。",
	"职工反映近两个月工资发放不及时，存在拖欠现象，职工情绪有些波动。",
	"部分职工反映加班时间较长，加班费计算不够规范，休息休假难以保证。",
	"企业尚未建立工会组织，职工对工会的性质和作用了解不多。",
	"企业工会活动开展较少，会费收缴存在困难，工会干部多为兼职。",
	"劳务派遣工与正式职工同工不同酬问题较为突出，派遣工归属感不强。",
	"企业安全生产设施基本到位，但职工劳动防护用品配备不足。",
	"职工普遍关心子女入学和住房问题，希望工会帮助反映。",
	"青年职工希望企业提供更多技能培训和晋升机会，对职业发展有较高期待。",
	"企业负责人表示，用工成本持续上升，招工难、留人难问题比较突出。",
	"职工思想总体稳定，对企业发展前景比较关注，对工会工作评价较好。",
	"有职工反映社会保险缴费基数偏低，担心将来的退休待遇。",
	"企业与职工签订劳动合同的比例较高，但部分合同条款不够完善。",
	"企业实行计件工资，旺季加班多，淡季收入明显减少。",
	"车间夏季高温，职工希望改善降温设施并按规定发放高温津贴。"};
static const char *const actions[] = {"当场与企业负责人沟通，企业承诺月底前补发拖欠的工资。",
                                      "已将问题登记在问题清单，移交县人社局劳动监察大队处理。",
                                      "向职工讲解相关法律政策，指导职工依法理性维护自身权益。",
                                      "报请镇党委政府召开专题会议协调解决。",
                                      "帮助困难职工申请困难职工帮扶资金，落实送温暖慰问。",
                                      "督促企业完善安全防护措施，及时配发劳动防护用品。",
                                      "与企业协商建立工资集体协商制度。"};
static const char *const next_steps[] = {
	"下周对企业进行回访，跟踪问题解决情况。", "继续走访周边小微企业，摸清职工队伍底数。",
	"整理调研材料，为撰写调研报告做准备。",   "协助企业做好工会组建的各项筹备工作。",
	"与县总工会沟通，争取上级工会帮扶资源。", "跟踪问题移交后的办理进展，及时向职工反馈。"};
static const char *const routings[] = {"party_gov", "union_system", "county_union"};

_Static_assert(N(situations) + N(demo_problems) <= 32, "compose() marks used sentences in 32 bits");

/* Append sentences (each at most once) until the text has between lo and
 * hi characters. */
static void compose(demo *d, char *out, size_t size, const char *first, int lo, int hi)
{
	size_t len = (size_t)snprintf(out, size, "%s", first);
	int chars = (int)fb_utf8_chars(out);
	int target = lo + (int)pick(d, (unsigned)(hi - lo));
	uint32_t used = 0; /* bits: situations, then findings */
	for (int tries = 0; chars < target && tries < 40; tries++) {
		unsigned i = pick(d, (unsigned)(N(situations) + N(demo_problems)));
		if (used & (1u << i))
			continue;
		const char *s = i < N(situations) ? situations[i]
		                                  : demo_problems[i - N(situations)].finding;
		size_t k = strlen(s);
		int sc = (int)fb_utf8_chars(s);
		if (len + k + 1 >= size || chars + sc > hi)
			break;
		used |= 1u << i;
		memcpy(out + len, s, k + 1);
		len += k;
		chars += sc;
	}
}

/* Fill the one %s of a template with arg (templates are data, so no printf). */
static void fill(char *out, size_t size, const char *tmpl, const char *arg)
{
	const char *hole = strstr(tmpl, "%s");
	if (!hole) {
		snprintf(out, size, "%s", tmpl);
		return;
	}
	snprintf(out, size, "%.*s%s%s", (int)(hole - tmpl), tmpl, arg, hole + 2);
}

/* One step of a demo ticket's history. */
typedef struct demo_event {
	const char *uuid, *kind;
	int64_t actor;
	const char *at, *body, *dept, *status_after;
	int64_t rev;
} demo_event;

/* Insert one history step of demo ticket `ticket`. */
static fb_status insert_event(demo *d, int64_t ticket, const demo_event *ev, fb_error *err)
{
	sqlite3_stmt *s = d->event_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, ev->uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, ticket);
	sqlite3_bind_text(s, 3, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ev->actor);
	sqlite3_bind_text(s, 5, ev->at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, ev->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, ev->dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, ev->status_after, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 10, ev->rev);
	return fb_step_done(d->st, s, err);
}

/* A ticket opened from a log, with a history walked through the life cycle. */
static fb_status make_ticket(demo *d, int64_t gid, int64_t log_id, const member *m, int nm,
                             int author, fb_date day, fb_date today, const char *ent, unsigned k,
                             fb_error *err)
{
	char uuid[37], title[160], dayb[11], due[11], at[21];
	const char *finding = demo_problems[k].finding;
	fill(title, sizeof title, demo_problems[k].title, ent);
	day_uuid(d, day, uuid);
	fb_date_format(day, dayb);
	fb_date_format(fb_date_add(day, 30), due);
	local_at(d, day, 18, 0, at);
	if (strcmp(at, d->limit) > 0)
		memcpy(at, d->limit, sizeof at);
	sqlite3_stmt *s = d->ticket_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, gid);
	sqlite3_bind_int64(s, 3, log_id);
	sqlite3_bind_int64(s, 4, m[author].id);
	sqlite3_bind_int64(s, 5, m[0].id);
	sqlite3_bind_text(s, 6, dayb, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, due, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, finding, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, ent, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, demo_problems[k].code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, PICK(d, routings), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 14, day_rev(d, day));
	sqlite3_bind_text(s, 15, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	if (rc)
		return rc;
	int64_t tid = sqlite3_last_insert_rowid(fb_store_db(d->st));
	/* The history: register, then a plausible path; recent tickets are
	 * still open, old ones mostly closed. */
	static const char *const path[] = {"register", "start",        "hand_over",
	                                   "answer",   "return_visit", "close"};
	long age = fb_date_to_days(today) - fb_date_to_days(day);
	int steps = age > 60 ? 6 : 1 + (int)pick(d, age > 20 ? 6 : 4);
	const char *status = FB_ST_REGISTERED;
	fb_date when = day;
	int stop = 0;
	for (int i = 0; i < steps; i++) {
		const char *kind = path[i], *after = status;
		if (i > 0 && !fb_ticket_transition(status, kind, &after))
			continue;
		if (i > 0)
			when = fb_date_add(when, 1 + (long)pick(d, 6));
		if (fb_date_to_days(when) > fb_date_to_days(today))
			break;
		if (i == 0)
			after = FB_ST_REGISTERED;
		/* office hours, local time; never after now or the end of the end
		 * date: the register step is moved back to that moment, later
		 * steps have not happened yet (their random draws are made all
		 * the same, so the rest of the demo does not depend on the clock) */
		unsigned hour = 8 + pick(d, 9); /* the draws in order */
		local_at(d, when, hour, pick(d, 60), at);
		if (strcmp(at, d->limit) > 0) {
			if (i == 0)
				memcpy(at, d->limit, sizeof at);
			else
				stop = 1;
		}
		const char *body =
			i == 0 ? finding
			: !strcmp(kind, "answer") ? "经协调，相关部门已作出答复，企业承诺限期整改。"
			: !strcmp(kind, "return_visit") ? "回访职工，问题已基本解决，职工表示满意。"
			: !strcmp(kind, "close") ? "问题已解决，职工满意，予以办结。"
			: !strcmp(kind, "start") ? "已与企业负责人联系，开始办理。"
						 : "";
		day_uuid(d, when, uuid);
		const char *dept = !strcmp(kind, "hand_over") ? PICK(d, demo_depts) : "";
		int64_t rev = day_rev(d, when);
		if (stop)
			continue;
		const demo_event ev = {
			uuid,  kind, m[!strcmp(kind, "close") ? 0 : (unsigned)author % nm].id,
			at,    body, dept,
			after, rev};
		if ((rc = insert_event(d, tid, &ev, err)))
			return rc;
		status = after;
	}
	s = d->ticket_status;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, tid);
	return fb_step_done(d->st, s, err);
}

/* A log's draws, in the order the generator makes them. */
typedef struct log_draw {
	unsigned op;   /* the opener (and activity) */
	char ent[128]; /* the enterprise visited */
	char content[2048];
	int has_problem;
	unsigned prob; /* demo_problems[prob] when has_problem */
} log_draw;

/* Insert the log drawn in l, by member m of group gid on day dd (written
 * at `at`); its id into *log_id. */
static fb_status insert_log(demo *d, int64_t gid, const member *m, fb_date dd, const char *at,
                            const log_draw *l, int64_t *log_id, fb_error *err)
{
	char uuid[37], day[11];
	fb_date_format(dd, day);
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->log_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, gid);
	sqlite3_bind_int64(s, 3, m->id);
	sqlite3_bind_text(s, 4, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, l->ent, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, opener_activity[l->op], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, (int64_t)pick_kinds(d));
	sqlite3_bind_int64(s, 8, (int64_t)pick_kinds(d));
	sqlite3_bind_int(s, 9, 1 + (int)pick(d, 2));
	sqlite3_bind_int(s, 10, (int)pick(d, 15));
	sqlite3_bind_int(s, 11, l->op == 3 ? 1 + (int)pick(d, 2) : 0);
	sqlite3_bind_text(s, 12, l->content, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 13, l->has_problem ? demo_problems[l->prob].finding : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, 14, l->has_problem ? PICK(d, actions) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, PICK(d, next_steps), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 16, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, day_rev(d, dd));
	sqlite3_bind_text(s, 18, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	*log_id = sqlite3_last_insert_rowid(fb_store_db(d->st));
	return rc;
}

/* Commit the batch when it is full; tell the progress callback every ~1%
 * (a non-zero answer cancels). */
static fb_status batch_done(demo *d, long step, fb_error *err)
{
	if (d->done % DEMO_BATCH == 0) {
		fb_store_observe_rev(d->st, d->rev_max);
		fb_status rc = fb_store_commit(d->st, err);
		d->in_tx = 0;
		if (rc)
			return rc;
	}
	if (d->o->progress && d->done % step == 0 && d->o->progress(d->done, d->o->logs, d->o->ctx))
		return fb_error_set(err, FB_ESTATE, NULL, _("cancelled"));
	return FB_OK;
}

/* One member's log of day dd (with, sometimes, a contact and a ticket);
 * nothing on a missing day or before a late joiner joined. */
static fb_status member_log(demo *d, int g, int i, fb_date dd, const char *at, long step,
                            fb_error *err)
{
	const member *m = &d->members[g * 6];
	if (pick(d, 10) == 0)
		return FB_OK; /* a missing day */
	if (fb_date_to_days(dd) < m[i].joined && m[i].joined > fb_date_to_days(d->start))
		return FB_OK; /* a late joiner, not there yet */
	fb_status rc;
	if (!d->in_tx) {
		if ((rc = fb_store_begin(d->st, err)))
			return rc;
		d->in_tx = 1;
	}
	log_draw l;
	char first[512];
	demo_unit *u;
	l.op = pick(d, N(openers));
	if ((rc = demo_pick_unit(d, g, dd, at, &u, err)))
		return rc;
	/* the unit as the cadre wrote it that day: now and then without its
	 * legal form (the ledger's key makes it the same unit) */
	snprintf(l.ent, sizeof l.ent, "%s", u->name);
	char *form = strstr(l.ent, "有限");
	if (form && pick(d, 4) == 0)
		*form = '\0';
	fill(first, sizeof first, openers[l.op], l.ent);
	compose(d, l.content, sizeof l.content, first, 100, 400);
	l.has_problem = pick(d, 3) == 0;
	l.prob = l.has_problem ? pick(d, N(demo_problems)) : 0;
	int64_t log_id, sheet_id = 0;
	const char *mode;
	if ((rc = insert_log(d, d->gids[g], &m[i], dd, at, &l, &log_id, err)) ||
	    (rc = demo_link_unit(d, log_id, u, dd, at, &mode, err)) ||
	    (rc = demo_meet_workers(d, g, log_id, u, dd, at, l.has_problem, l.prob, err)))
		return rc;
	if ((!strcmp(u->kind, "union") || pick(d, 12) == 0) &&
	    (rc = demo_write_sheet(d, g, i, log_id, u, dd, at, mode, first, l.has_problem, l.prob,
	                           &sheet_id, err)))
		return rc;
	if (l.has_problem && (sheet_id || pick(d, 4) == 0)) {
		if ((rc = make_ticket(d, d->gids[g], log_id, m, d->nmem[g], i, dd, d->end, u->name,
		                      l.prob, err)))
			return rc;
		if (sheet_id) {
			sqlite3_stmt *s =
				fb_store_stmt(d->st,
			                      "UPDATE contact_sheets SET ticket_id = "
			                      "(SELECT max(id) FROM tickets) WHERE id = ?1",
			                      err);
			if (!s)
				return fb_stmt_failed(err);
			sqlite3_bind_int64(s, 1, sheet_id);
			if ((rc = fb_step_done(d->st, s, err)))
				return rc;
		}
	}
	d->done++;
	return batch_done(d, step, err);
}

/* Every log, newest day first, until there are o->logs of them. */
fb_status demo_write_logs(demo *d, fb_error *err)
{
	long step = d->o->logs / 100 ? d->o->logs / 100 : 1;
	fb_status rc = FB_OK;
	for (fb_date dd = d->end; !rc && d->done < d->o->logs; dd = fb_date_add(dd, -1)) {
		if (fb_date_weekday(dd) >= 5 && pick(d, 10))
			continue; /* weekends: mostly rest */
		char at[21];
		local_at(d, dd, 18, pick(d, 60), at); /* written in the evening */
		if (strcmp(at, d->limit) > 0)
			memcpy(at, d->limit, sizeof at);
		for (int g = 0; g < d->ngroups && !rc && d->done < d->o->logs; g++)
			for (int i = 0; i < d->nmem[g] && !rc && d->done < d->o->logs; i++)
				rc = member_log(d, g, i, dd, at, step, err);
	}
	if (d->in_tx) {
		if (rc) {
			fb_store_rollback(d->st);
		} else {
			fb_store_observe_rev(d->st, d->rev_max);
			rc = fb_store_commit(d->st, err);
		}
		d->in_tx = 0;
	}
	return rc;
}
