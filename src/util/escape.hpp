#pragma once
// Escaping of text that tabhook did not write (webhook names, events, disable reasons, owner names, ids,
// error messages that quote a server) for each place a human reads it. Every renderer goes through these,
// so a name cannot move the cursor, forge a line, close a code fence or open an HTML tag.
#include <string>
#include <string_view>

namespace tabhook::util {

// For a terminal, and every plain-text line: C0 controls, DEL, C1 controls (U+0080-U+009F, and a lone byte
// 0x80-0xFF that is not well-formed UTF-8, such as the 8-bit CSI 0x9B), bidirectional overrides and
// isolates (U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators (U+2028, U+2029) are shown
// visibly: `\n`, `\r`, `\t`, `\x1b`, `\x7f`, `\u009b`, `\u202e`, and a byte that is not UTF-8 as `\x9b`.
// A backslash is doubled, so what is shown is unambiguous. Everything else, including valid UTF-8 such as
// `→` and `…`, is kept. The result is one line. For reading only: JSON output carries the exact text.
std::string for_terminal(std::string_view text);

// For markdown outside code (table cells, list items, paragraphs): for_terminal, then every character that
// markdown or HTML gives a meaning inside a line is made literal (`\|`, `\*`, `\_`, `` \` ``, `\[`, `\\`,
// `&lt;`, `&amp;`, ...), and no mention, issue reference or autolink can form (`@`, `#12`, `https://`,
// `www.` get an invisible zero-width space: escape.cpp). Never starts a block: the caller never puts it at the
// start of a line.
std::string markdown_inline(std::string_view text);

// A markdown code span for a table cell: for_terminal, `|` escaped as `\|` (which GitHub's tables read
// as a literal pipe even inside code), delimited by more backticks than the longest run in the text.
std::string markdown_code(std::string_view text);

// The fence (backticks, at least three) for a fenced code block holding `content`: longer than any run of
// backticks in it, so no line of the content can close the block.
std::string markdown_fence(std::string_view content);

// For HTML text and attribute values (the status page, a markdown `<summary>`): `&`, `<`, `>`, `"`, `'`.
std::string html_escape(std::string_view text);

// For the text of a chat notification (Slack's and compatible incoming webhooks): for_terminal, then `&`,
// `<` and `>` as `&amp;`, `&lt;`, `&gt;`, the only escapes Slack reads; so `<!channel>` or `<https://…|…>`
// in a webhook name stays text instead of pinging a channel or becoming a link.
std::string chat_text(std::string_view text);

} // namespace tabhook::util
