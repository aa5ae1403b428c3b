"""Reads Word drafts with python-docx, a reader xuncha did not write, and prints what
tests/docx.rs checks as JSON: sections, settings, styles, footers, tables, pictures and the
text in document order. Usage: docx_facts.py FILE.docx ... > facts.json"""

import json
import re
import sys
import zipfile

from docx import Document
from docx.oxml.ns import qn


def attr(element, name):
    return None if element is None else element.get(qn(name))


def fonts_of(rpr):
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    return {k: attr(fonts, "w:" + k) for k in ("ascii", "hAnsi", "eastAsia", "hint")}


def style_facts(style):
    ppr = style.element.find(qn("w:pPr"))
    rpr = style.element.find(qn("w:rPr"))
    spacing = None if ppr is None else ppr.find(qn("w:spacing"))
    char_spacing = None if rpr is None else rpr.find(qn("w:spacing"))
    lang = None if rpr is None else rpr.find(qn("w:lang"))
    return {
        "fonts": fonts_of(rpr),
        "size": style.font.size.pt if style.font.size else None,
        "line": attr(spacing, "w:line"),
        "line_rule": attr(spacing, "w:lineRule"),
        "char_spacing": attr(char_spacing, "w:val"),
        "kinsoku": ppr is not None and ppr.find(qn("w:kinsoku")) is not None,
        "lang_east_asia": attr(lang, "w:eastAsia"),
        "next": attr(style.element.find(qn("w:next")), "w:val"),
    }


def footer_text(footer):
    """The footer's text (a landscape page's number stands in a table cell) and whether it
    has a PAGE field."""
    element = footer._element
    text = "".join(t.text or "" for t in element.iter(qn("w:t")))
    fields = "".join(t.text or "" for t in element.iter(qn("w:instrText")))
    return {"text": text, "page_field": "PAGE" in fields}


def body_items(document):
    """Paragraphs and table cells in document order, with their style."""
    items = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(paragraph(child, False))
        elif child.tag == qn("w:tbl"):
            for p in child.iter(qn("w:p")):
                items.append(paragraph(p, True))
    return items


def paragraph(p, in_table):
    style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    text = "".join(
        t.text or "" for t in p.iter() if t.tag in (qn("w:t"),)
    )
    return {"style": attr(style, "w:val"), "text": text, "table": in_table}


def tables(document):
    out = []
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = [int(attr(c, "w:w")) for c in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        rows = tbl.findall(qn("w:tr"))
        cells = [tc for tr in rows for tc in tr.findall(qn("w:tc"))]
        heads = [tr for tr in rows if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None]
        head_cells = [tc for tr in heads[-1:] for tc in tr.findall(qn("w:tc"))]
        out.append({
            "grid": grid,
            "header_text": "".join(t.text or "" for tr in heads for t in tr.iter(qn("w:t"))),
            "header_first": "".join(t.text or "" for t in head_cells[0].iter(qn("w:t"))) if head_cells else None,
            "header_rows": sum(1 for tr in rows if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None),
            "rows": len(rows),
            "cells_with_width": sum(1 for tc in cells if tc.find(qn("w:tcPr") + "/" + qn("w:tcW")) is not None),
            "cells": len(cells),
        })
    return out


def facts(path):
    document = Document(path)
    settings = document.settings.element
    sections = []
    for s in document.sections:
        grid = s._sectPr.find(qn("w:docGrid"))
        sections.append({
            "width_mm": s.page_width.mm,
            "height_mm": s.page_height.mm,
            "landscape": s.orientation == 1,
            "top_mm": s.top_margin.mm,
            "bottom_mm": s.bottom_margin.mm,
            "left_mm": s.left_margin.mm,
            "right_mm": s.right_margin.mm,
            "title_page": s.different_first_page_header_footer,
            "grid_type": attr(grid, "w:type"),
            "line_pitch": attr(grid, "w:linePitch"),
            "odd_footer": footer_text(s.footer),
            "even_footer": footer_text(s.even_page_footer),
            "first_footer": footer_text(s.first_page_footer) if s.different_first_page_header_footer else None,
        })
    styles = {}
    for style_id in ("Normal", "Heading1", "Heading2", "Heading3", "Heading4", "Title", "Footer"):
        style = next((st for st in document.styles if st.style_id == style_id), None)
        styles[style_id] = style_facts(style) if style is not None else None
    with zipfile.ZipFile(path) as z:
        xml_parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")}
    theme = sorted({m for text in xml_parts.values() for m in re.findall(r"\b\w*[Tt]heme\w*=", text)})
    broken_text = sum(len(re.findall(r"<w:t(?: [^>]*)?>[^<]*[\r\n\t][^<]*</w:t>", t)) for t in xml_parts.values())
    run_fonts = sorted({
        attr(f, "w:eastAsia")
        for f in document.element.body.iter(qn("w:rFonts"))
        if attr(f, "w:eastAsia")
    })
    anchors = [
        {"behind": a.get("behindDoc"), "wrap_none": a.find(qn("wp:wrapNone")) is not None}
        for a in document.element.body.iter(qn("wp:anchor"))
    ]
    first = document.sections[0]
    letter_header = (
        "".join(p.text for p in first.first_page_header.paragraphs)
        if first.different_first_page_header_footer
        else ""
    )
    return {
        "file": path,
        "letter_header": letter_header,
        "mirror_margins": settings.find(qn("w:mirrorMargins")) is not None,
        "even_and_odd": settings.find(qn("w:evenAndOddHeaders")) is not None,
        "sections": sections,
        "styles": styles,
        "theme_attributes": theme,
        "line_breaks_in_text": broken_text,
        "run_fonts": run_fonts,
        "tables": tables(document),
        "anchors": anchors,
        "items": body_items(document),
    }


print(json.dumps([facts(p) for p in sys.argv[1:]], ensure_ascii=False))
