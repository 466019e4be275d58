/* demo_words.c - the demo's vocabulary that more than one of its generators
 * uses: people's names, the roots of station names, the problems found and
 * the departments they are handed over to. */
#include <stdio.h>
#include <string.h>

#include "demo_share.h"

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
const char *const demo_station_roots[] = {"桃源", "城关", "新华", "龙泉", "杨柳", "金桥",
                                          "凤鸣", "河西", "清水", "红星", "太平", "永兴",
                                          "和平", "前进", "富民", "双塔"};
/* The problems found: the sentence in a log's findings, and the category
 * and title of the ticket opened from it (the same problem in both). */
const demo_problem demo_problems[] = {
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
const char *const demo_depts[] = {"县人社局劳动监察大队", "镇党委政府",   "县总工会法律服务中心",
                                  "市总工会权益保障部",   "县应急管理局", "县医疗保障局"};

void demo_person_name(demo *d, char *out, size_t size)
{
	const char *s = PICK(d, surnames);
	unsigned r = pick(d, 100);
	if (r < 6 && strlen(s) == 3) /* 2 characters padded with a full-width space */
		snprintf(out, size, "%s\xE3\x80\x80%s", s, PICK(d, given));
	else if (r < 40)
		snprintf(out, size, "%s%s", s, PICK(d, given));
	else {
		const char *first = PICK(d, given); /* the draws in order */
		snprintf(out, size, "%s%s%s", s, first, PICK(d, given));
	}
}
