"""Bigram tokens (pure): the same text for both engines, phrase queries, prefixes, full-width input."""

from hub.faq.tokens import fts5_match, index_tokens, parse_query, tsquery


def test_chinese_becomes_overlapping_bigrams_and_latin_words_stay_whole() -> None:
    assert index_tokens("如何補領「戶口名簿」?") == "如何 何補 補領 戶口 口名 名簿"
    assert index_tokens("PIN 碼") == "pin 碼"
    assert index_tokens("ＡＴＭ繳費") == "atm 繳費"  # full-width to ASCII, then split by script
    assert index_tokens("臺北") == index_tokens("台北")


def test_a_query_is_a_phrase_of_its_bigrams_or_a_prefix() -> None:
    q = parse_query("戶口名簿")
    assert q.phrases == (("戶口", "口名", "名簿"),) and fts5_match(q) == '"戶口 口名 名簿"'
    assert tsquery(q) == "(戶口 <-> 口名 <-> 名簿)"
    lone = parse_query("憑 pin")
    assert lone.prefixes == ("憑", "pin") and fts5_match(lone) == '"憑"* AND "pin"*'
    assert parse_query("「」?!").empty
