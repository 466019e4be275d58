#!/usr/bin/env python3
"""po_lint.py - checks of the zh_CN catalogues that gettext's tools do not make.

  po_lint.py conflicts PO...      a msgid (with its msgctxt) that two catalogues
                                  translate differently: one msgid, one meaning
  po_lint.py terms TERMS.md FILE... a term that assets/locale/TERMS.md rejects,
                                  or a chosen term no catalogue uses (FILE: a
                                  catalogue, or a text such as a man page)
  po_lint.py punct PO...          ASCII punctuation in Chinese text (，。：；（）！？
                                  are full-width; file:line, times and command
                                  syntax keep ASCII)

Each finding is one line "file:line: why"; the exit status is 1 if there is any.
"""
import re
import sys

CJK = r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]'


def unquote(s):
    """The C string literal s (with its quotes) as text."""
    out, i = [], 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\':
            n = s[i + 1]
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(n, '\\' + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def entries(path):
    """The entries of a PO file: dicts with ctx, id, str (msgstr or msgstr[0]),
    line (of the msgid), obsolete entries left out."""
    result, cur, key = [], {}, None

    def flush():
        if 'id' in cur:
            result.append(dict(cur))
        cur.clear()

    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if line.startswith('#~'):
                continue
            if not line.strip():
                flush()
                key = None
                continue
            if line.startswith('#'):
                if 'id' in cur:
                    flush()
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                word = m.group(1)
                if word == 'msgctxt' and 'id' in cur:
                    flush()
                if word == 'msgid' and 'id' in cur:
                    flush()
                key = {'msgctxt': 'ctx', 'msgid': 'id', 'msgid_plural': 'plural'}.get(word)
                if key is None:
                    key = 'str' if m.group(2) in (None, '0') else 'str' + m.group(2)
                cur[key] = unquote(m.group(3))
                if key == 'id':
                    cur['line'] = n
            elif line.startswith('"') and key:
                cur[key] += unquote(line)
    flush()
    return [e for e in result if e['id']]  # not the header


def lines(path):
    """A text file (a man page) as entries of one line each."""
    with open(path, encoding='utf-8') as f:
        return [{'id': 'line', 'str': t.rstrip('\n'), 'line': n} for n, t in enumerate(f, 1)]


def where(path, e):
    if e['id'] == 'line' and 'ctx' not in e:
        return '%s:%d:' % (path, e['line'])
    ctx = 'msgctxt "%s" ' % e['ctx'] if 'ctx' in e else ''
    return '%s:%d: %smsgid "%s"' % (path, e['line'], ctx, e['id'][:60].replace('\n', '\\n'))


def conflicts(paths):
    seen, bad = {}, 0
    for p in paths:
        for e in entries(p):
            k = (e.get('ctx'), e['id'])
            if k in seen and seen[k][1].get('str') != e.get('str'):
                first_path, first = seen[k]
                print('%s: "%s" here, "%s" in %s: one msgid, two meanings? give each '
                      'use a context (C_/NC_)' % (where(p, e), e.get('str'),
                                                   first.get('str'), first_path))
                bad += 1
            seen.setdefault(k, (p, e))
    return bad


def table_rows(path, name):
    """The rows (line number, cells) of the Markdown table of TERMS.md
    between <!-- name --> and <!-- /name -->, head and rule left out."""
    rows, inside = [], False
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if '<!-- %s -->' % name in line:
                inside = True
            elif '<!-- /%s -->' % name in line:
                inside = False
            elif inside and line.startswith('|') and not re.match(r'\|\s*-', line):
                rows.append((n, [c.strip() for c in line.strip().strip('|').split('|')]))
    return rows[1:]  # the head


def read_terms(path):
    """The rules of TERMS.md: | meaning | chosen | rejected |, rejected being
    backquoted Python regular expressions."""
    return [(n, c[0], c[1].strip('`'), re.findall(r'`([^`]+)`', c[2]))
            for n, c in table_rows(path, 'terms') if len(c) >= 3]


def read_allowed(path):
    """The exceptions of TERMS.md: {(pattern, msgctxt or None, msgid)}."""
    return {(c[0].strip('`'), c[1].strip('`') or None, c[2].strip('`'))
            for n, c in table_rows(path, 'allowed') if len(c) >= 3}


def terms(terms_path, paths):
    rules = read_terms(terms_path)
    allowed = read_allowed(terms_path)
    if not rules:
        print('%s: no rules between <!-- terms --> and <!-- /terms -->' % terms_path)
        return 1
    bad = 0
    texts = [(p, e) for p in paths for e in (entries(p) if p.endswith('.po') else lines(p))]
    for n, meaning, chosen, rejected in rules:
        if not any(chosen in e.get('str', '') for _, e in texts):
            print('%s:%d: the chosen term %s (%s) is in no catalogue' %
                  (terms_path, n, chosen, meaning))
            bad += 1
        for pattern in rejected:
            rx = re.compile(pattern)
            for p, e in texts:
                if (pattern, e.get('ctx'), e['id']) in allowed:
                    continue
                for k in [k for k in e if k.startswith('str')]:
                    m = rx.search(e[k])
                    if m:
                        print('%s: "%s" where %s says %s (%s)' %
                              (where(p, e), m.group(0), terms_path, chosen, meaning))
                        bad += 1
    return bad


# What keeps its ASCII punctuation inside Chinese text: command syntax
# ([--date 日期], (--text 内容 | --file 文件), 'fieldbook import 文件', 字段...),
# man page references, times (时:分, 15:30), file:line (%s:%ld), format
# directives, URLs.
SYNTAX = [r'\[[^\]\n]*\]', r'\([^)\n]*(--|\|)[^)\n]*\)', r"'[^'\n]*'", r'\S+\.\.\.',
          r'[a-z-]+\(\d\)', r'时:分', r'\d+:\d+', r'%[-.*0-9]*[a-z]+:%[-.*0-9]*[a-z]+',
          r'https?://\S+', r':[a-z]+!?(?=[\s）]|$)']
ASCII_IN_CJK = re.compile(r'(?<=%s)\s*[,.:;()!?]|[,;:!?()]\s*(?=%s)' % (CJK, CJK))


def punct(paths):
    bad = 0
    for p in paths:
        for e in entries(p):
            for k in [k for k in e if k.startswith('str')]:
                for line in e[k].split('\n'):
                    if not re.search(CJK, line):
                        continue
                    rest = line
                    for s in SYNTAX:
                        rest = re.sub(s, ' ', rest)
                    m = ASCII_IN_CJK.search(rest)
                    if m:
                        print('%s: ASCII "%s" in Chinese text: %s' %
                              (where(p, e), m.group(0).strip(), line.strip()[:80]))
                        bad += 1
    return bad


def main(argv):
    if len(argv) < 3 or argv[1] not in ('conflicts', 'terms', 'punct'):
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == 'conflicts':
        return 1 if conflicts(argv[2:]) else 0
    if argv[1] == 'terms':
        return 1 if terms(argv[2], argv[3:]) else 0
    return 1 if punct(argv[2:]) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
