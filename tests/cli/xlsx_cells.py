#!/usr/bin/env python3
"""xlsx_cells.py FILE: read a workbook back as a spreadsheet program does
(the zip's workbook, relationships, styles and sheets) and print each sheet:
  SHEET <name>
  FROZEN <rows>            (the frozen header rows, if any)
  FILTER <range>           (the autofilter, if any)
  WIDTH <col> <width>      (each column's width)
  <ref> <type> <format> <value>   (one cell per line; type s = text,
                                    n = number, d = a number shown as a date)
Exits 1 when the file is not a workbook."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
DATE_FORMAT = re.compile(r"[yd]", re.I)


def main(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode")
            for f in styles.findall("m:numFmts/m:numFmt", NS)}
    xfs = [int(x.get("numFmtId", "0")) for x in styles.findall("m:cellXfs/m:xf", NS)]
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
                  for si in sst.findall("m:si", NS)]
    for sh in wb.findall("m:sheets/m:sheet", NS):
        print("SHEET", sh.get("name"))
        ws = ET.fromstring(z.read("xl/" + target[sh.get("{%s}id" % NS["r"])]))
        pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is not None and pane.get("state") == "frozen":
            print("FROZEN", pane.get("ySplit"))
        af = ws.find("m:autoFilter", NS)
        if af is not None:
            print("FILTER", af.get("ref"))
        for col in ws.findall("m:cols/m:col", NS):
            print("WIDTH", col.get("min"), col.get("width"))
        for c in ws.iter("{%s}c" % NS["m"]):
            t = c.get("t", "n")
            fmt = fmts.get(xfs[int(c.get("s", "0"))], "") if xfs else ""
            if t == "inlineStr":
                v, kind = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])), "s"
            elif t == "s":
                v, kind = shared[int(c.find("m:v", NS).text)], "s"
            else:
                v = c.find("m:v", NS).text
                kind = "d" if DATE_FORMAT.search(fmt or "") else "n"
            print(c.get("r"), kind, fmt or "-", v.replace("\n", "\\n"))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        print("not a workbook:", e, file=sys.stderr)
        sys.exit(1)
