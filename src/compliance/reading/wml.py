"""WordprocessingML (the XML inside a .docx): its namespace and the helpers every .docx module shares."""

from __future__ import annotations

from lxml import etree

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NAMESPACE + "}"  # Clark notation prefix: W + "p" is the tag of <w:p>
VAL = W + "val"
# ST_OnOff values that switch a property off (<w:b w:val="0"/>); anything else, or no value, is on.
OFF_VALUES = ("0", "false", "off", "none")


def val(parent: etree._Element, tag: str) -> str | None:
    """The w:val of `parent`'s child <w:tag>, None when there is no such child."""
    child = parent.find(W + tag)
    return None if child is None else child.get(VAL)


def on(element: etree._Element | None) -> bool | None:
    """An ST_OnOff property such as <w:b/> or <w:b w:val="0"/>; None when absent."""
    if element is None:
        return None
    return element.get(VAL, "1").lower() not in OFF_VALUES
