/*
 * The page frame every page shares: head, header with the brand, the project
 * switcher, the language switch and the user's menu, navigation by role, and the
 * footer. Also the small form pieces every form uses, so forms look and behave
 * alike (labels, hidden csrf, errors next to their field).
 */
#ifndef TX_LAYOUT_H
#define TX_LAYOUT_H
#include "web/html.h"
#include "web/web.h"

void page_begin(struct req *r, const char *title);
void page_end(struct req *r);
/* <input type=hidden name=csrf value=...> */
void page_csrf(struct req *r);
/* A notice from ?ok=<name> after a redirect (names are whitelisted). */
void page_flash(struct req *r);
/* A labelled <input> with its error beside it; extra is a literal attribute string
 * (e.g. " inputmode=\"numeric\" maxlength=\"11\""), glued in as it is — hence the
 * macro, which only accepts string literals there. */
#define form_field(r, name, label, type, value, required, err, extra) \
	form_field_((r), (name), (label), (type), (value), (required), (err), "" extra "")
void form_field_(struct req *r, const char *name, enum msg label, const char *type,
                 const char *value, bool required, const struct tx_error *err, const char *extra);

/* The form-level error banner, when err is set. */
void page_form_error(struct req *r, const struct tx_error *err);
/* A labelled input. type: "text", "password", "number", "date"; value may be NULL. */
void form_input(struct req *r, const char *name, enum msg label, const char *type,
                const char *value, bool required, const struct tx_error *err);
/* A labelled <select> from NULL-terminated values with their labels. */
void form_select(struct req *r, const char *name, enum msg label, const char *const *values,
                 const enum msg *labels, const char *selected, const struct tx_error *err);
void form_submit(struct req *r, enum msg label);
/* The error beside a field (<span class="field-error" id="err-NAME">), when err names it. */
void form_field_error(struct req *r, const char *name, const struct tx_error *err);

/* The form-level error banner (page_form_error) unless the error belongs to one of
 * fields (NULL-terminated), which show it beside themselves; nothing for NULL. */
void form_error_banner(struct req *r, const struct tx_error *err, const char *const *fields);
/* aria-invalid and aria-describedby="err-NAME" on a field the error names. */
void form_invalid_attr(struct req *r, const char *name, const struct tx_error *err);
/* Table cells: a header from the catalog, a numeric header, a number. */
void table_th(struct req *r, enum msg m);
void table_th_num(struct req *r, enum msg m);
void table_td_num(struct buf *o, int64_t v);

/* <input type=hidden name=seen_at>: when the page was read (the posted value again
 * when a refused form is shown anew), so that a roll call saved from it keeps the
 * QR sign-ins that came after (attendance_put_seen). */
void form_seen_at(struct req *r);

/* Money on pages: fen → "¥1234.50", "-¥12.05", escaped (money_fen_str, never a
 * double); the same in a right-aligned cell (class "num", or the classes given). */
void html_yuan(struct buf *o, int64_t fen);
void table_td_yuan(struct buf *o, int64_t fen);
void table_td_yuan_class(struct buf *o, const char *cls, int64_t fen);

/* A path from a format of ids; "" on truncation, which ids of 15 digits never cause. */
void page_pathf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* <p class="muted">message</p> */
void page_muted(struct req *r, enum msg m);
/* <dt>label</dt><dd> — the caller writes the value and closes the </dd>. */
void page_fact(struct req *r, enum msg label);
/* A page file's own notices after a redirect (?ok=name), from its whitelist of n
 * names (page_flash shows the shared ones). */
struct page_notice {
	const char *name;
	enum msg text;
};
void page_notices(struct req *r, const struct page_notice *list, size_t n);
/* page_flash, then the notices of a page file's whitelist (an array). */
#define page_flash_list(r, list) page_flash_with((r), (list), sizeof(list) / sizeof((list)[0]))
void page_flash_with(struct req *r, const struct page_notice *list, size_t n);
/* After a refused or failed request: answers with the error page what no form can
 * show (not found, forbidden, storage, bad request) and says true; else false, so
 * that the caller re-renders its form. */
bool page_answered(struct req *r, const struct tx_error *err);

/* err when it is set and belongs to the refused form (refused names it), else NULL. */
const struct tx_error *form_err_for(const struct tx_error *err, const char *refused,
                                    const char *form);
/* The value typed into the refused form (err set; "" when absent), else dflt. */
const char *form_kept(struct req *r, const struct tx_error *err, const char *name,
                      const char *dflt);
/* A post form's opening tag with its action, its class and the csrf field. */
void form_open_post(struct req *r, const char *action, const char *cls);
/* The domain names a field its own way (amounts by their fen field), the form
 * another: renames err's field from → to. */
void form_field_rename(struct tx_error *err, const char *from, const char *to);

/* The sub-navigation of running the project (staff, partners, budget, expenses,
 * publicity); current: the entry shown as the page's own. */
void page_mgmt_subnav(struct req *r, const char *current);

#endif
