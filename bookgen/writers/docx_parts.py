"""What python-docx has no API for, added through its OPC layer: footnotes (a footnotes part
related to the document, with Word's separator notes and the Footnote Text / Footnote Reference
styles), external hyperlinks, and a numbered list that starts again at its own number."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES = f"""<w:footnotes {nsdecls("w", "r")}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""
_STYLES = f"""<w:styles {nsdecls("w")}>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>
<w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/><w:uiPriority w:val="99"/>
<w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>
<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>
<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Verse"><w:name w:val="Verse"/>
<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="120"/>
<w:ind w:left="567"/></w:pPr></w:style>
</w:styles>"""


class _Holder:
    """What python-docx's Paragraph needs of its parent: the part its relationships live in."""

    def __init__(self, part):
        self.part = part


class Footnotes:
    """The document's footnotes part, made on first use."""

    def __init__(self, document):
        self.document = document
        self.part = None
        self.count = 0

    def _make(self) -> None:
        document_part = self.document.part
        self.part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE,
                            parse_xml(_FOOTNOTES), document_part.package)
        document_part.relate_to(self.part, RT.FOOTNOTES)
        settings = self.document.settings.element
        properties = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                               '<w:footnote w:id="0"/></w:footnotePr>')
        settings.append(properties)

    def add(self, paragraph: Paragraph) -> list[Paragraph]:
        """A footnote called at the end of ``paragraph``; returns its first paragraph to fill
        (call :meth:`more` for the next ones)."""
        if self.part is None:
            self._make()
        self.count += 1
        number = self.count
        run = paragraph.add_run()
        char_style(run._r, "FootnoteReference")
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>'))
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"/>')
        self.part.element.append(note)
        self._note = note
        first = self.more()
        mark = first.add_run()
        char_style(mark._r, "FootnoteReference")
        mark._r.append(parse_xml(f'<w:footnoteRef {nsdecls("w")}/>'))
        first.add_run(" ")
        return first

    def more(self) -> Paragraph:
        p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                      '</w:p>')
        self._note.append(p)
        return Paragraph(p, _Holder(self.part))


def char_style(r, style_id: str) -> None:
    """Give the run element ``r`` (``run._r``) a character style by its id."""
    r.get_or_add_rPr().insert(0, parse_xml(f'<w:rStyle {nsdecls("w")} w:val="{style_id}"/>'))


def add_styles(document) -> None:
    """Footnote Text, Footnote Reference and Hyperlink, which Word's default template lacks."""
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    for style in parse_xml(_STYLES).findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in have:
            styles.append(style)


def set_language(document, locale: str) -> None:
    """The text's language for Word's spelling checker: the document defaults' ``w:lang``
    (Word's default template says en-US, which would mark every Swedish word)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang {nsdecls("w")}/>')
        r_pr.append(lang)
    lang.set(qn("w:val"), locale)


def mark_header_row(row) -> None:
    """The table's first row is its header: repeated on each page, read back as <th>."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def add_hyperlink(paragraph: Paragraph, url: str):
    """An external link around the runs added to the returned hyperlink element."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}" w:history="1"/>')
    paragraph._p.append(link)
    return link


def restart_numbering(document, paragraph: Paragraph, start: int) -> int:
    """Give ``paragraph`` (in a List Number style) a numbering of its own that starts at
    ``start``; return the new numbering's id for the list's other items."""
    numbering = document.part.numbering_part.element
    style = paragraph.style
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return 0
    base = numbering.num_having_numId(num_pr.numId.val)
    abstract = base.abstractNumId.val
    num = numbering.add_num(abstract)
    override = parse_xml(f'<w:lvlOverride {nsdecls("w")} w:ilvl="0"><w:startOverride '
                         f'w:val="{start}"/></w:lvlOverride>')
    num.append(override)
    set_numbering(paragraph, num.numId, 0)
    return num.numId


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
