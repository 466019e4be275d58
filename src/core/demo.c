/* demo.c - realistic synthetic data: groups of cadres with Chinese names,
 * daily logs of 100-400 characters made from the circulars' vocabulary,
 * a contact ledger (units met again and again, workers, contact record
 * sheets), and tickets with histories. Deterministic for a seed: every
 * choice, UUID and revision comes from one PRNG and the calendar.
 *
 * Rows are valid by construction and written with batched prepared inserts
 * (one transaction per DEMO_BATCH logs), not through the per-record
 * validation path, so a million logs take seconds, not hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/date.h"
#include "fieldbook/demo.h"
#include "fieldbook/i18n.h"
#include "search.h"
#include "fieldbook/text.h"
#include "fieldbook/ticket.h"
#include "fieldbook/auth.h"
#include "fieldbook/unit.h"
#include "internal.h"

#define DEMO_BATCH 5000
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",   "周",  "徐", "孙", "马",
	"朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁",   "谢",  "宋", "唐", "许",
	"韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "袁",   "潘",  "蒋", "蔡", "余",
	"杜", "叶", "程", "苏", "魏", "吕", "丁", "沈", "姚",   "卢",  "姜", "崔", "钟",
	"谭", "陆", "汪", "范", "石", "廖", "贾", "夏", "欧阳", "司马"};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "红", "梅", "海", "波",
	"辉", "建", "国", "志", "宏", "文", "斌", "鹏", "飞", "晓", "燕", "婷", "雪", "琳", "宇",
	"浩", "俊", "凯", "佳", "欣", "怡", "晨", "习", "立", "新", "春", "秋", "颖", "峰", "荣"};
static const char *const counties[] = {"东湖区", "西山县", "南岭县", "北塘区", "青河县", "白沙区",
                                       "石桥县", "云溪县", "临江区", "安平县", "长宁县", "丰源区"};
static const char *const station_roots[] = {"桃源", "城关", "新华", "龙泉", "杨柳", "金桥",
                                            "凤鸣", "河西", "清水", "红星", "太平", "永兴",
                                            "和平", "前进", "富民", "双塔"};
static const char *const station_kinds[] = {"town", "street", "zone", "industry"};
static const char *const station_suffix[] = {"镇", "街道", "经济开发区", "建筑行业工会"};
static const char *const ent_prefix[] = {
	"宏达", "华联", "新兴", "金源", "恒信", "鑫盛", "永安", "丰泽", "博远", "瑞祥", "天成",
	"众诚", "海川", "长青", "嘉禾", "立信", "汇通", "东升", "中泰", "明珠", "兴旺", "福达"};
static const char *const ent_trade[] = {"机械制造", "纺织", "电子科技", "食品加工", "物流",
                                        "建材",     "服装", "汽车配件", "化工",     "印刷包装",
                                        "家具",     "医药", "餐饮服务", "建筑工程"};
static const char *const ent_suffix[] = {"有限公司", "股份有限公司", "厂", "有限责任公司"};
static const char *const hq_units[] = {"组织部",     "宣传教育部", "权益保障部", "经济工作部",
                                       "法律工作部", "女职工部",   "县总工会"};
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
/* The problems found: the sentence in a log's findings, and the category
 * and title of the ticket opened from it (the same problem in both). */
static const struct {
	const char *code, *title, *finding;
} problems[] = {
	{"wage_arrears", "%s个别班组拖欠职工工资", "个别班组存在拖欠工资情况，涉及职工十余人。"},
	{"social_insurance", "%s未足额缴纳社会保险", "企业未按规定为全部职工足额缴纳社会保险。"},
	{"working_hours", "%s加班时间过长、加班费不足",
         "职工加班时间超过法定标准，加班费未足额支付。"},
	{"union_building", "%s工会组织不健全、职代会制度未落实",
         "企业工会组织不健全，职工代表大会制度没有落实。"},
	{"hardship", "%s困难职工家庭需要帮扶", "一户困难职工家庭因病致困，生活较为困难，需要帮扶。"},
	{"safety", "%s车间通风差、存在职业健康隐患", "车间通风条件较差，存在职业健康隐患。"},
	{"labour_contract", "%s部分农民工未签订劳动合同", "部分农民工没有签订书面劳动合同。"},
	{"enterprise_difficulty", "%s经营困难、职工担心失业",
         "企业经营困难，存在裁员的可能，职工担心失业。"},
	{"safety", "%s劳动防护用品配备不足", "一线职工劳动防护用品配备不足，存在安全隐患。"},
	{"skills", "%s青年职工希望参加技能培训", "青年职工希望参加技能培训，企业提供的培训机会较少。"},
	{"union_building", "%s尚未建立工会组织", "企业尚未建立工会组织，职工入会愿望较强。"}};
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
static const char *const depts[] = {"县人社局劳动监察大队", "镇党委政府",   "县总工会法律服务中心",
                                    "市总工会权益保障部",   "县应急管理局", "县医疗保障局"};
static const char *const routings[] = {"party_gov", "union_system", "county_union"};

typedef struct member {
	int64_t id;
	int leader;
	long joined; /* fb_date_to_days */
} member;

/* A unit of a group's ledger, met again and again. */
typedef struct demo_unit {
	int64_t id;
	char kind[12];
	char name[128];
} demo_unit;

typedef struct demo {
	fb_store *st;
	const fb_demo_opts *o;
	uint64_t rng;
	sqlite3_stmt *log_ins, *ticket_ins, *event_ins, *ticket_status;
	sqlite3_stmt *unit_ins, *worker_ins, *lunit_ins, *lworker_ins, *sheet_ins;
	int pool_units, pool_workers; /* the most units and workers a group meets */
	demo_unit *units;             /* pool_units places per group */
	int *nunits;
	int64_t *workers; /* pool_workers places per group */
	int *nworkers;
	int64_t rev_max;  /* the largest revision handed out (observed at each commit) */
	unsigned counter; /* revisions: the day's milliseconds << 16 | counter */
	char origin[37];
	long gmtoff;        /* local time minus UTC, seconds, at the end date */
	char limit[21];     /* no row is stamped later: now, or the end of the end date */
	fb_date start, end; /* the days logs are written for */
	int ngroups;
	int64_t *gids;   /* the groups' ids */
	member *members; /* 6 places per group: members[g * 6 + i] */
	int *nmem;       /* people in each group */
	long done;       /* logs written */
	int in_tx;       /* a batch transaction is open */
} demo;

/* The next 64 random bits of the demo's seeded splitmix64 generator. */
static uint64_t rnd(demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A random number in [0, n). */
static unsigned pick(demo *d, unsigned n) { return (unsigned)(rnd(d) % n); }
#define PICK(d, a) ((a)[pick(d, N(a))])

/* Local time hh:mm on day as UTC "YYYY-MM-DDTHH:MM:00Z". */
static void local_at(const demo *d, fb_date day, unsigned hh, unsigned mm, char at[21])
{
	time_t t = (time_t)fb_date_to_days(day) * 86400 + hh * 3600 + mm * 60 - d->gmtoff;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Milliseconds of 09:00 UTC on a day: the time demo rows are "written". */
static int64_t day_ms(fb_date day)
{
	return (int64_t)fb_date_to_days(day) * 86400000LL + 9 * 3600000LL;
}

/* A time-ordered UUID for a row written on day. */
static void day_uuid(demo *d, fb_date day, char out[37])
{
	fb_uuid_from_rng(&d->rng, day_ms(day) + (d->counter & 0xFFFF), out);
}

/* A revision for a row written "on" a given day: ordered by day. */
static int64_t day_rev(demo *d, fb_date day)
{
	int64_t rev = (day_ms(day) << 16) | (d->counter++ & 0xFFFF);
	if (rev > d->rev_max)
		d->rev_max = rev;
	return rev;
}

/* A random Chinese name: surname and one or two given characters (some padded with U+3000). */
static void person_name(demo *d, char *out, size_t size)
{
	const char *s = PICK(d, surnames);
	unsigned r = pick(d, 100);
	if (r < 6 && strlen(s) == 3) /* 2 characters padded with a full-width space */
		snprintf(out, size, "%s\xE3\x80\x80%s", s, PICK(d, given));
	else if (r < 40)
		snprintf(out, size, "%s%s", s, PICK(d, given));
	else
		snprintf(out, size, "%s%s%s", s, PICK(d, given), PICK(d, given));
}

/* A random enterprise name: prefix, trade, legal form. */
static void enterprise(demo *d, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", PICK(d, ent_prefix), PICK(d, ent_trade), PICK(d, ent_suffix));
}

_Static_assert(N(situations) + N(problems) <= 32, "compose() marks used sentences in 32 bits");

/* Append sentences (each at most once) until the text has between lo and
 * hi characters. */
static void compose(demo *d, char *out, size_t size, const char *first, int lo, int hi)
{
	size_t len = (size_t)snprintf(out, size, "%s", first);
	int chars = (int)fb_utf8_chars(out);
	int target = lo + (int)pick(d, (unsigned)(hi - lo));
	uint32_t used = 0; /* bits: situations, then findings */
	for (int tries = 0; chars < target && tries < 40; tries++) {
		unsigned i = pick(d, (unsigned)(N(situations) + N(problems)));
		if (used & (1u << i))
			continue;
		const char *s =
			i < N(situations) ? situations[i] : problems[i - N(situations)].finding;
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

/* Run sql on the store's connection; the database error if it fails. */
static fb_status exec_sql(fb_store *st, const char *sql, fb_error *err)
{
	if (sqlite3_exec(fb_store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	return FB_OK;
}

/* A group and its people. Everyone joins on the first day but in every
 * third group, whose last member joins a third of the way into the stay
 * (people.joined_on: days missing count from then). */
static fb_status make_group(demo *d, int gi, fb_date start, fb_date end, int64_t *gid, member *m,
                            int *nm, fb_error *err)
{
	char name[160], station[96], county[32], sup[32], uuid[37], pname[40], day[11];
	sqlite3 *db = fb_store_db(d->st);
	unsigned k = pick(d, N(station_kinds));
	snprintf(county, sizeof county, "%s", PICK(d, counties));
	snprintf(station, sizeof station, "%s%s", PICK(d, station_roots), station_suffix[k]);
	snprintf(name, sizeof name, "第%d蹲点工作组（%s）", gi + 1, station);
	person_name(d, sup, sizeof sup);
	day_uuid(d, start, uuid);
	sqlite3_stmt *s = fb_store_stmt(
		d->st,
		"INSERT INTO work_groups (uuid, name, station, station_kind, county, supervisor, "
		"started_on, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	        "?10)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_date_format(start, day);
	char at[21];
	snprintf(at, sizeof at, "%sT09:00:00Z", day);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, station, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, station_kinds[k], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, county, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, sup, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, day_rev(d, start));
	sqlite3_bind_text(s, 10, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	if (rc)
		return rc;
	*gid = sqlite3_last_insert_rowid(db);
	*nm = 3 + (int)pick(d, 3);
	s = fb_store_stmt(d->st,
	                  "INSERT INTO people (uuid, group_id, name, role, unit, phone, origin, "
	                  "rev, updated_at, "
	                  "joined_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                  err);
	if (!s)
		return err ? err->code : FB_EDB;
	for (int i = 0; i < *nm; i++) {
		char phone[16];
		person_name(d, pname, sizeof pname);
		day_uuid(d, start, uuid);
		snprintf(phone, sizeof phone, "1%u%09u", 3 + pick(d, 7),
		         (unsigned)(rnd(d) % 1000000000u));
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, *gid);
		sqlite3_bind_text(s, 3, pname, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, i == 0 ? "leader" : "member", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, i == *nm - 1 ? "县总工会" : PICK(d, hq_units), -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(s, 6, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 7, d->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 8, day_rev(d, start));
		sqlite3_bind_text(s, 9, at, -1, SQLITE_TRANSIENT);
		long first = fb_date_to_days(start), last = fb_date_to_days(end);
		m[i].joined =
			gi % 3 == 2 && i == *nm - 1 && i > 0 ? first + (last - first) / 3 : first;
		char joined[11];
		fb_date_format(fb_date_from_days(m[i].joined), joined);
		sqlite3_bind_text(s, 10, joined, -1, SQLITE_TRANSIENT);
		if ((rc = fb_step_done(d->st, s, err)))
			return rc;
		m[i].id = sqlite3_last_insert_rowid(db);
		m[i].leader = i == 0;
	}
	return FB_OK;
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
	const char *finding = problems[k].finding;
	fill(title, sizeof title, problems[k].title, ent);
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
	sqlite3_bind_text(s, 11, problems[k].code, -1, SQLITE_STATIC);
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
		local_at(d, when, 8 + pick(d, 9), pick(d, 60), at);
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
		const char *dept = !strcmp(kind, "hand_over") ? PICK(d, depts) : "";
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

/* Prepare a statement the demo owns (finalize_all frees it). */
static fb_status prepare(demo *d, sqlite3_stmt **s, const char *sql, fb_error *err)
{
	if (sqlite3_prepare_v2(fb_store_db(d->st), sql, -1, s, NULL) != SQLITE_OK)
		return fb_store_dberr(d->st, err);
	return FB_OK;
}

/* Finalize the demo's prepared statements (NULL ones are fine). */
static void finalize_all(demo *d)
{
	sqlite3_finalize(d->log_ins);
	sqlite3_stmt **more[] = {&d->unit_ins, &d->worker_ins, &d->lunit_ins, &d->lworker_ins,
	                         &d->sheet_ins};
	for (size_t i = 0; i < N(more); i++)
		sqlite3_finalize(*more[i]);
	sqlite3_finalize(d->ticket_ins);
	sqlite3_finalize(d->event_ins);
	sqlite3_finalize(d->ticket_status);
}

/* The options checked and the demo's clock set: the last day, the local
 * time zone at it, and the moment no row may be stamped after (now, or
 * the end of the last day). */
static fb_status demo_init(demo *d, fb_store *st, const fb_demo_opts *o, fb_error *err)
{
	memset(d, 0, sizeof *d);
	d->st = st;
	d->o = o;
	d->rng = o->seed ? o->seed : 20261122;
	snprintf(d->origin, sizeof d->origin, "%s", fb_store_device(st));
	if (o->logs < 0 || o->logs > 100000000L)
		return fb_error_set(err, FB_EINVAL, "logs", _("must be between 0 and 100000000"));
	d->ngroups = o->groups > 0 ? o->groups : (int)(o->logs / 2500);
	if (d->ngroups < 1)
		d->ngroups = 1;
	if (d->ngroups > 1000)
		return fb_error_set(err, FB_EINVAL, "groups", _("must be between 1 and 1000"));
	d->end = fb_today();
	if (o->end_on && fb_date_parse(o->end_on, &d->end, "end", err))
		return err ? err->code : FB_EINVAL;
	struct tm ltm;
	time_t noon = (time_t)fb_date_to_days(d->end) * 86400 + 12 * 3600;
	d->gmtoff = localtime_r(&noon, &ltm) ? ltm.tm_gmtoff : 0;
	local_at(d, d->end, 23, 59, d->limit);
	d->limit[17] = '5', d->limit[18] = '9'; /* 23:59:59 */
	char now[21];
	if (strcmp(fb_now_iso(now), d->limit) < 0)
		memcpy(d->limit, now, sizeof now);
	/* How far back the logs reach: each cadre logs most weekdays. */
	long people = (long)d->ngroups * 4;
	long weekdays = o->logs / people + 1;
	d->start = fb_date_add(d->end, -(weekdays * 7 / 5 * 10 / 9 + 7));
	d->members = calloc((size_t)d->ngroups * 6, sizeof *d->members);
	d->nmem = calloc((size_t)d->ngroups, sizeof *d->nmem);
	d->gids = calloc((size_t)d->ngroups, sizeof *d->gids);
	/* a group meets a unit again every few logs: 1,000 logs of a group
	 * cover about 100 units and 300 workers */
	long per_group = o->logs / d->ngroups + 1;
	d->pool_units = (int)(12 + per_group / 10 > 2000 ? 2000 : 12 + per_group / 10);
	d->pool_workers = 3 * d->pool_units;
	d->units = calloc((size_t)d->ngroups * (size_t)d->pool_units, sizeof *d->units);
	d->nunits = calloc((size_t)d->ngroups, sizeof *d->nunits);
	d->workers = calloc((size_t)d->ngroups * (size_t)d->pool_workers, sizeof *d->workers);
	d->nworkers = calloc((size_t)d->ngroups, sizeof *d->nworkers);
	if (!d->members || !d->nmem || !d->gids || !d->units || !d->nunits || !d->workers ||
	    !d->nworkers)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	return FB_OK;
}

/* The batched inserts, prepared once (not cached: the demo owns them). */
static fb_status prepare_all(demo *d, fb_error *err)
{
	fb_status rc;
	if ((rc = prepare(
		     d, &d->log_ins,
		     "INSERT INTO logs (uuid, group_id, author_id, date, unit, activity, "
	             "enterprise_kinds, "
		     "worker_kinds, enterprises, workers, households, content, findings, actions, "
		     "next_step, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	             "?9, "
		     "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
		     err)) ||
	    (rc = prepare(
		     d, &d->unit_ins,
		     "INSERT INTO units (uuid, group_id, kind, name, name_key, enterprise_kinds, "
		     "ownership, headcount, has_union, contact_person, origin, rev, updated_at) "
	             "VALUES "
		     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
		     err)) ||
	    (rc = prepare(
		     d, &d->worker_ins,
		     "INSERT INTO workers (uuid, group_id, unit_id, name, phone, worker_kinds, "
	             "raised, "
		     "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		     err)) ||
	    (rc = prepare(
		     d, &d->lunit_ins,
		     "INSERT INTO log_units (uuid, log_id, unit_id, mode, origin, rev, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		     err)) ||
	    (rc = prepare(
		     d, &d->lworker_ins,
		     "INSERT INTO log_workers (uuid, log_id, worker_id, origin, rev, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		     err)) ||
	    (rc = prepare(
		     d, &d->sheet_ins,
		     "INSERT INTO contact_sheets (uuid, group_id, unit_id, author_id, log_id, "
	             "date, mode, "
		     "met_with, content, opinions, problem, beyond, handed_to, filed_by, filed_on, "
		     "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	             "?11, "
		     "?12, ?13, ?14, ?15, ?16, ?17, ?18)",
		     err)) ||

	    (rc = prepare(
		     d, &d->ticket_ins,
		     "INSERT INTO tickets (uuid, group_id, log_id, opened_by, owner_id, opened_on, "
		     "due_on, title, description, unit, category, routing, origin, rev, "
	             "updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
		     err)) ||
	    (rc = prepare(
		     d, &d->event_ins,
		     "INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, body, dept, "
		     "status_after, origin, rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		     err)))
		return rc;
	return prepare(d, &d->ticket_status, "UPDATE tickets SET status = ?1 WHERE id = ?2", err);
}

/* 1 if the demo brings many more logs than the database holds: then one
 * transaction and the search index built in one pass at the end (about
 * three times faster); -1 on a database error. */
static int one_pass_load(demo *d, fb_error *err)
{
	sqlite3_stmt *q;
	if (prepare(d, &q, "SELECT coalesce(max(id), 0) FROM logs", err))
		return -1;
	int row = fb_store_step(d->st, q, err);
	long long have = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (row < 0)
		return -1;
	return d->o->logs >= DEMO_BATCH && d->o->logs >= 2 * have;
}

/* Every group and its people, in one transaction. */
static fb_status make_groups(demo *d, fb_error *err)
{
	fb_status rc = fb_store_begin(d->st, err);
	for (int g = 0; g < d->ngroups && !rc; g++)
		rc = make_group(d, g, d->start, d->end, &d->gids[g], &d->members[g * 6],
		                &d->nmem[g], err);
	if (rc) {
		fb_store_rollback(d->st);
		return rc;
	}
	return fb_store_commit(d->st, err);
}

/* A log's draws, in the order the generator makes them. */
typedef struct log_draw {
	unsigned op;   /* the opener (and activity) */
	char ent[128]; /* the enterprise visited */
	char content[2048];
	int has_problem;
	unsigned prob; /* problems[prob] when has_problem */
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
	sqlite3_bind_int64(s, 7, (int64_t)(1u << pick(d, 8)) | (pick(d, 2) << pick(d, 8)));
	sqlite3_bind_int64(s, 8, (int64_t)(1u << pick(d, 8)) | (pick(d, 2) << pick(d, 8)));
	sqlite3_bind_int(s, 9, 1 + (int)pick(d, 2));
	sqlite3_bind_int(s, 10, (int)pick(d, 15));
	sqlite3_bind_int(s, 11, l->op == 3 ? 1 + (int)pick(d, 2) : 0);
	sqlite3_bind_text(s, 12, l->content, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 13, l->has_problem ? problems[l->prob].finding : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, l->has_problem ? PICK(d, actions) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, PICK(d, next_steps), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 16, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, day_rev(d, dd));
	sqlite3_bind_text(s, 18, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	*log_id = sqlite3_last_insert_rowid(fb_store_db(d->st));
	return rc;
}

/* The unit a log visits: often one the group met before, else a new one
 * of the group's ledger (an enterprise mostly; unions, households,
 * communities). *u points at it. */
static fb_status pick_unit(demo *d, int g, fb_date dd, const char *at, demo_unit **u, fb_error *err)
{
	demo_unit *pool = &d->units[(size_t)g * (size_t)d->pool_units];
	int n = d->nunits[g];
	if (n >= d->pool_units || (n >= 8 && pick(d, 3))) {
		*u = &pool[pick(d, (unsigned)n)];
		return FB_OK;
	}
	demo_unit *nu = &pool[n];
	unsigned k = pick(d, 20);
	const char *kind = k < 15   ? "enterprise"
	                   : k < 17 ? "union"
	                   : k < 19 ? "household"
	                            : "community";
	char ent[96], key[160], uuid[37], contact[40];
	enterprise(d, ent, sizeof ent);
	if (!strcmp(kind, "union")) {
		char *cut = strstr(ent, "有限");
		if (cut)
			*cut = '\0';
		snprintf(nu->name, sizeof nu->name, "%s工会", ent);
	} else if (!strcmp(kind, "household")) {
		char who[40];
		person_name(d, who, sizeof who);
		snprintf(nu->name, sizeof nu->name, "职工%s家", who);
	} else if (!strcmp(kind, "community")) {
		snprintf(nu->name, sizeof nu->name, "%s社区", PICK(d, station_roots));
	} else {
		snprintf(nu->name, sizeof nu->name, "%s", ent);
	}
	snprintf(nu->kind, sizeof nu->kind, "%s", kind);
	fb_unit_name_key(nu->name, key, sizeof key);
	person_name(d, contact, sizeof contact);
	static const char *const owners[] = {"private", "private", "private",
	                                     "state",   "foreign", "collective"};
	int ent_kind = !strcmp(kind, "enterprise");
	uint32_t kinds = ent_kind ? (1u << pick(d, 8)) | (pick(d, 2) << pick(d, 8)) : 0;
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->unit_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, d->gids[g]);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, nu->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, kinds);
	sqlite3_bind_text(s, 7, ent_kind ? PICK(d, owners) : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, ent_kind ? 10 + (int)pick(d, 800) : 0);
	sqlite3_bind_text(s, 9, ent_kind ? (pick(d, 3) ? "yes" : "no") : "unknown", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, 10, ent_kind || !strcmp(kind, "union") ? contact : "", -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, day_rev(d, dd));
	sqlite3_bind_text(s, 13, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	if (rc)
		return rc;
	nu->id = sqlite3_last_insert_rowid(fb_store_db(d->st));
	d->nunits[g]++;
	*u = nu;
	return FB_OK;
}

/* The workers a log met at unit u: some met before, most new. */
static fb_status meet_workers(demo *d, int g, int64_t log_id, const demo_unit *u, fb_date dd,
                              const char *at, int has_problem, unsigned prob, fb_error *err)
{
	int64_t *pool = &d->workers[(size_t)g * (size_t)d->pool_workers];
	int many = (int)pick(d, 4);
	int64_t met[4] = {0};
	fb_status rc = FB_OK;
	for (int k = 0; k < many && !rc; k++) {
		int64_t wid;
		char uuid[37];
		if (d->nworkers[g] >= d->pool_workers || (d->nworkers[g] > 0 && pick(d, 4) == 0)) {
			wid = pool[pick(d, (unsigned)d->nworkers[g])];
		} else {
			char name[40], phone[16];
			person_name(d, name, sizeof name);
			snprintf(phone, sizeof phone, "1%u%09u", 3 + pick(d, 7),
			         (unsigned)(rnd(d) % 1000000000u));
			day_uuid(d, dd, uuid);
			sqlite3_stmt *s = d->worker_ins;
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 2, d->gids[g]);
			sqlite3_bind_int64(s, 3, u->id);
			sqlite3_bind_text(s, 4, name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 5, pick(d, 3) ? phone : "", -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 6,
			                   (int64_t)(1u << pick(d, 8)) | (pick(d, 2) << pick(d, 8)));
			sqlite3_bind_text(s, 7, has_problem && k == 0 ? problems[prob].finding : "",
			                  -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 8, d->origin, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 9, day_rev(d, dd));
			sqlite3_bind_text(s, 10, at, -1, SQLITE_TRANSIENT);
			if ((rc = fb_step_done(d->st, s, err)))
				return rc;
			wid = sqlite3_last_insert_rowid(fb_store_db(d->st));
			pool[d->nworkers[g]++] = wid;
		}
		/* the same worker twice in one log is one meeting */
		int again = 0;
		for (int j = 0; j < k; j++)
			again |= met[j] == wid;
		met[k] = wid;
		if (again)
			continue;
		day_uuid(d, dd, uuid);
		sqlite3_stmt *s = d->lworker_ins;
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, log_id);
		sqlite3_bind_int64(s, 3, wid);
		sqlite3_bind_text(s, 4, d->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, day_rev(d, dd));
		sqlite3_bind_text(s, 6, at, -1, SQLITE_TRANSIENT);
		rc = fb_step_done(d->st, s, err);
	}
	return rc;
}

/* The link of a log to its unit, with the way the contact was made. */
static fb_status link_unit(demo *d, int64_t log_id, const demo_unit *u, fb_date dd, const char *at,
                           const char **mode, fb_error *err)
{
	static const char *const modes[] = {"on_site", "on_site", "on_site", "on_site", "on_site",
	                                    "on_site", "on_site", "phone",   "wechat",  "video"};
	char uuid[37];
	*mode = PICK(d, modes);
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->lunit_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, log_id);
	sqlite3_bind_int64(s, 3, u->id);
	sqlite3_bind_text(s, 4, *mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, day_rev(d, dd));
	sqlite3_bind_text(s, 7, at, -1, SQLITE_TRANSIENT);
	return fb_step_done(d->st, s, err);
}

/* The contact record sheet of a visit to a grassroots union; its sheet id
 * into *sheet_id. A problem beyond the cadre's authority is handed over. */
static fb_status write_sheet(demo *d, int g, int author, int64_t log_id, const demo_unit *u,
                             fb_date dd, const char *at, const char *mode, const char *content,
                             int has_problem, unsigned prob, int64_t *sheet_id, fb_error *err)
{
	const member *m = &d->members[g * 6];
	char uuid[37], day[11], who[40], met[64], filed[11];
	person_name(d, who, sizeof who);
	snprintf(met, sizeof met, "%s（工会主席）", who);
	fb_date_format(dd, day);
	int beyond = has_problem && pick(d, 2);
	long age = fb_date_to_days(d->end) - fb_date_to_days(dd);
	fb_date_format(fb_date_add(dd, age > 3 ? 2 : 0), filed);
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->sheet_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, d->gids[g]);
	sqlite3_bind_int64(s, 3, u->id);
	sqlite3_bind_int64(s, 4, m[author].id);
	sqlite3_bind_int64(s, 5, log_id);
	sqlite3_bind_text(s, 6, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, met, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, content, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 10, "希望上级工会加强业务指导，多开展职工技能培训。", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, has_problem ? problems[prob].finding : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 12, beyond);
	sqlite3_bind_text(s, 13, beyond ? PICK(d, depts) : "", -1, SQLITE_STATIC);
	if (age > 3) {
		sqlite3_bind_int64(s, 14, m[0].id);
		sqlite3_bind_text(s, 15, filed, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, 14);
		sqlite3_bind_null(s, 15);
	}
	sqlite3_bind_text(s, 16, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, day_rev(d, dd));
	sqlite3_bind_text(s, 18, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	*sheet_id = sqlite3_last_insert_rowid(fb_store_db(d->st));
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
	if ((rc = pick_unit(d, g, dd, at, &u, err)))
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
	l.prob = l.has_problem ? pick(d, N(problems)) : 0;
	int64_t log_id, sheet_id = 0;
	const char *mode;
	if ((rc = insert_log(d, d->gids[g], &m[i], dd, at, &l, &log_id, err)) ||
	    (rc = link_unit(d, log_id, u, dd, at, &mode, err)) ||
	    (rc = meet_workers(d, g, log_id, u, dd, at, l.has_problem, l.prob, err)))
		return rc;
	if ((!strcmp(u->kind, "union") || pick(d, 12) == 0) &&
	    (rc = write_sheet(d, g, i, log_id, u, dd, at, mode, first, l.has_problem, l.prob,
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
static fb_status write_logs(demo *d, fb_error *err)
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

/* Free what demo_init and prepare_all made. */
static void demo_free(demo *d)
{
	free(d->members);
	free(d->nmem);
	free(d->gids);
	free(d->units);
	free(d->nunits);
	free(d->workers);
	free(d->nworkers);
	finalize_all(d);
}

/* The load itself: groups, then logs; in one pass (one transaction, the
 * search index built at the end) when the demo brings many more logs than
 * there are. */
static fb_status load(demo *d, fb_error *err)
{
	fb_search_bulk bulk = {0};
	int one_pass = one_pass_load(d, err);
	if (one_pass < 0)
		return fb_stmt_failed(err);
	fb_status rc = FB_OK;
	if (one_pass && !(rc = fb_store_begin(d->st, err)) &&
	    (rc = fb_search_bulk_begin(d->st, &bulk, err)))
		fb_store_rollback(d->st);
	if (rc)
		return rc;
	rc = make_groups(d, err);
	if (!rc)
		rc = write_logs(d, err);
	if (one_pass) {
		if (!rc)
			rc = fb_search_bulk_end(d->st, &bulk, err);
		if (!rc)
			rc = fb_store_commit(d->st, err);
		else
			fb_store_rollback(d->st);
		fb_search_bulk_free(&bulk);
	}
	return rc;
}

fb_status fb_demo_generate(fb_store *st, const fb_demo_opts *o, fb_error *err)
{
	demo d;
	/* Demo people share a published password: never into a database whose
	 * people are real (it would give anyone a way in) */
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT 1 FROM people WHERE deleted = 0 LIMIT 1", err);
	if (!q)
		return fb_stmt_failed(err);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row > 0 && !fb_auth_is_demo(st))
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("demo data goes only into a new database or a demo one: this "
		                      "one has people of its own"));
	fb_status rc = demo_init(&d, st, o, err);
	if (!rc)
		rc = prepare_all(&d, err);
	if (rc) {
		demo_free(&d);
		return rc;
	}
	/* Bulk load: a crash here only loses demo data, so trade durability
	 * for speed until the end; a rollback journal for a big first load. */
	int journal = one_pass_load(&d, NULL) > 0 && fb_store_bulk_journal(st, 1);
	exec_sql(st, "PRAGMA synchronous = OFF", NULL);
	rc = load(&d, err);
	if (!rc)
		rc = fb_auth_give_everyone(st, FB_DEMO_PASSWORD, err);
	if (!rc && o->progress)
		o->progress(d.done, o->logs, o->ctx);
	if (journal)
		fb_store_bulk_journal(st, 0);
	exec_sql(st, "PRAGMA synchronous = FULL", NULL);
	if (!rc)
		exec_sql(st, "PRAGMA optimize", NULL);
	demo_free(&d);
	return rc;
}
