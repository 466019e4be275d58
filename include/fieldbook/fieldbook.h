/* fieldbook.h - the core library: everything the front ends use. */
#ifndef FIELDBOOK_FIELDBOOK_H
#define FIELDBOOK_FIELDBOOK_H

#include "fieldbook/error.h"
#include "fieldbook/text.h"
#include "fieldbook/date.h"
#include "fieldbook/store.h"
#include "fieldbook/page.h"
#include "fieldbook/category.h"
#include "fieldbook/group.h"
#include "fieldbook/log.h"
#include "fieldbook/ticket.h"
#include "fieldbook/target.h"
#include "fieldbook/contact.h"
#include "fieldbook/unit.h"
#include "fieldbook/worker.h"
#include "fieldbook/visit.h"
#include "fieldbook/coverage.h"
#include "fieldbook/sheet.h"
#include "fieldbook/point.h"
#include "fieldbook/demo.h"
#include "fieldbook/auth.h"
#include "fieldbook/perm.h"
#include "fieldbook/hq.h"
#include "fieldbook/history.h"
#include "fieldbook/i18n.h"

#endif
