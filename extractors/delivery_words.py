"""The words of delivering goods, folded, as one regex alternation: the readers of notes and remarks (``note_terms``,
``remark_changes``, ``capture.page_notes``) build their delivery words from it, each naming beside it what only it
needs (the date nouns "Termin", "échéance", "due" for a date's note; the verbs of bringing and other languages for
a remark's day; "send" for a page's earliest date)."""

DELIVERY_STEMS = (r"liefer\w*|anliefer\w*|zustell\w*|versand\w*|versenden|livr\w*|expedi\w*|deliver\w*|ship\w*|dispatch\w*"
                  r"|arriv\w*")
