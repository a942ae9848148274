"""Pinyin search keys for Chinese names (pypinyin).

``initials`` has exactly one character per character of the name (the pinyin initial of
a Chinese character, the lower-cased character otherwise), so a match in the initials
is also the position to highlight in the name: "sgxk" in 建筑工程施工许可证核发.
"""

from pypinyin import Style, pinyin


def _syllables(name: str) -> list[str]:
    # pypinyin keeps runs of non-Chinese text together; split them back to characters so
    # that every character of the name has exactly one entry.
    out: list[str] = []
    for chunk, (reading,) in zip(
        _chunks(name), pinyin(name, style=Style.NORMAL, errors="default"), strict=False
    ):
        if len(chunk) == 1:
            out.append(reading.lower())
        else:
            out.extend(c.lower() for c in chunk)
    return out


def _chunks(name: str) -> list[str]:
    """The pieces pypinyin returns one reading for: each Chinese character, or a run."""
    chunks, run = [], ""
    for char in name:
        if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            if run:
                chunks.append(run)
                run = ""
            chunks.append(char)
        else:
            run += char
    if run:
        chunks.append(run)
    return chunks


def search_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, one initial per character), both lower case."""
    syllables = _syllables(name)
    if len(syllables) != len(name):  # should not happen; never misalign the highlight
        syllables = [c.lower() for c in name]
    return "".join(syllables), "".join(s[:1] or " " for s in syllables)


def syllables(name: str) -> list[str]:
    """One pinyin syllable (or the character itself) per character of the name."""
    found = _syllables(name)
    return found if len(found) == len(name) else [c.lower() for c in name]
