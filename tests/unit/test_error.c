/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_error.c — how input-derived text is shown in messages: control
 * characters, invalid UTF-8 and bidirectional controls escaped as \xNN,
 * valid UTF-8 kept, long texts cut; err_print and err_quote.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/error.h"

/* s (len bytes) escaped without a width limit. */
static const char *esc(const char *s, size_t len)
{
    static char buf[4096];
    err_escape(buf, sizeof buf, s, len, 0);
    return buf;
}

#define ESC_EQ(lit, want) cr_assert_str_eq(esc(lit, sizeof lit - 1), want, "escaping %s", #lit)

/* Out of memory is the environment's (exit 1), a missing file the input's. */
Test(error, kind_of_errno)
{
    cr_assert_eq(err_kind_errno(ENOMEM), OS_ERR_ENV);
    cr_assert_eq(err_kind_errno(ENOENT), OS_ERR_INPUT);
    cr_assert_eq(err_kind_errno(EACCES), OS_ERR_INPUT);
    cr_assert_eq(err_kind_errno(EISDIR), OS_ERR_INPUT);
}

Test(escape, printable_and_valid_utf8_kept)
{
    ESC_EQ("model.co_managed.misroute_prob", "model.co_managed.misroute_prob");
    ESC_EQ("M\xc3\xbcller", "M\xc3\xbcller");                     /* Müller */
    ESC_EQ("\xe2\x82\xac 5 \xe6\x97\xa5\xe6\x9c\xac", "\xe2\x82\xac 5 \xe6\x97\xa5\xe6\x9c\xac");
    ESC_EQ("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");               /* U+1F600, 4 bytes */
    ESC_EQ("\xc2\xa0\xef\xbf\xbd", "\xc2\xa0\xef\xbf\xbd");       /* U+00A0, U+FFFD */
    ESC_EQ("C:\\x1b\\path", "C:\\x1b\\path");                     /* backslashes stay */
    ESC_EQ("", "");
}

Test(escape, control_characters)
{
    ESC_EQ("a\x1b[31mred", "a\\x1b[31mred");
    ESC_EQ("tab\there\nnl\rcr", "tab\\x09here\\x0anl\\x0dcr");
    ESC_EQ("\x7f", "\\x7f");
    /* a NUL inside the span is a byte like any other */
    cr_assert_str_eq(esc("a\0b", 3), "a\\x00b");
    /* C1 controls, encoded as UTF-8 (CSI U+009B would start a sequence) */
    ESC_EQ("\xc2\x9b" "2J", "\\xc2\\x9b" "2J");
    ESC_EQ("\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f");
}

Test(escape, invalid_utf8)
{
    ESC_EQ("\x80", "\\x80");                                /* stray continuation */
    ESC_EQ("\x9b", "\\x9b");                                /* raw C1 byte */
    ESC_EQ("\xc3", "\\xc3");                                /* truncated at the end */
    ESC_EQ("\xc3(", "\\xc3(");                              /* truncated mid-text */
    ESC_EQ("\xe2\x82", "\\xe2\\x82");
    ESC_EQ("\xc0\xaf", "\\xc0\\xaf");                       /* overlong '/' */
    ESC_EQ("\xe0\x80\xaf", "\\xe0\\x80\\xaf");              /* overlong, 3 bytes */
    ESC_EQ("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");     /* overlong, 4 bytes */
    ESC_EQ("\xed\xa0\x80", "\\xed\\xa0\\x80");              /* surrogate U+D800 */
    ESC_EQ("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");     /* U+110000 */
    ESC_EQ("\xf5\xff\xfe", "\\xf5\\xff\\xfe");
    /* the byte after a bad lead is read afresh */
    ESC_EQ("\xe2" "\xc3\xbc", "\\xe2\xc3\xbc");
    /* the example of issue 11: the start of a binary file */
    ESC_EQ("\xd9\xe1Z\xbc\x06" "F", "\\xd9\\xe1Z\\xbc\\x06F");
}

Test(escape, bidirectional_and_line_separators)
{
    /* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LRI, U+2069 PDI, U+200F RLM,
     * U+061C ALM, U+2028 LINE SEPARATOR */
    ESC_EQ("a\xe2\x80\xae" "b", "a\\xe2\\x80\\xae" "b");
    ESC_EQ("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
           "\\xe2\\x80\\xaa\\xe2\\x80\\xab\\xe2\\x80\\xac\\xe2\\x80\\xad");
    ESC_EQ("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
           "\\xe2\\x81\\xa6\\xe2\\x81\\xa7\\xe2\\x81\\xa8\\xe2\\x81\\xa9");
    ESC_EQ("\xe2\x80\x8e\xe2\x80\x8f", "\\xe2\\x80\\x8e\\xe2\\x80\\x8f");
    ESC_EQ("\xd8\x9c", "\\xd8\\x9c");
    ESC_EQ("\xe2\x80\xa8\xe2\x80\xa9", "\\xe2\\x80\\xa8\\xe2\\x80\\xa9");
    /* neighbours stay: U+2027, U+202F, U+2065 (unassigned), U+206A, U+200D ZWJ */
    ESC_EQ("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d",
           "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d");
}

Test(escape, idempotent)
{
    const char s[] = "x\x1b]0;title\x07\xe2\x80\xae\xff M\xc3\xbcller \\x41";
    char once[512], twice[512];
    err_escape(once, sizeof once, s, sizeof s - 1, 0);
    err_escape(twice, sizeof twice, once, strlen(once), 0);
    cr_assert_str_eq(once, twice);
}

/* Every byte of the output is printable ASCII or part of valid UTF-8 that
 * is not a control: escaping it again must not change it. */
Test(escape, every_byte_value)
{
    char in[3], out[64], again[64];
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b += 7) {
            in[0] = (char)a;
            in[1] = (char)b;
            in[2] = (char)0x80;
            err_escape(out, sizeof out, in, 3, 0);
            for (const unsigned char *p = (const unsigned char *)out; *p; p++)
                cr_assert(*p >= 0x20 && *p != 0x7f, "byte %02x in output of %02x %02x", *p, a, b);
            err_escape(again, sizeof again, out, strlen(out), 0);
            cr_assert_str_eq(out, again, "%02x %02x", a, b);
        }
}

Test(escape, middle_cut_keeps_both_ends)
{
    char s[1000], buf[4096];
    memset(s, 'a', sizeof s);
    memcpy(s, "START", 5);
    memcpy(s + sizeof s - 3, "END", 3);
    size_t n = err_escape(buf, sizeof buf, s, sizeof s, 40);
    cr_assert_eq(strncmp(buf, "START", 5), 0, "%s", buf);
    cr_assert_eq(strcmp(buf + n - 3, "END"), 0, "%s", buf);
    cr_assert(strstr(buf, "\xe2\x80\xa6"), "no ellipsis in %s", buf);
    cr_assert_eq(n, 39 + 3, "%zu bytes: %s", n, buf);   /* 39 characters and "…" */
    /* short enough: untouched */
    cr_assert_eq(err_escape(buf, sizeof buf, "abc", 3, 3), 3);
    cr_assert_str_eq(buf, "abc");
}

Test(escape, cut_never_splits_an_escape_or_a_character)
{
    char s[200], buf[4096];
    for (size_t i = 0; i < sizeof s; i += 2) {
        s[i] = '\x1b';
        s[i + 1] = 'x';
    }
    for (size_t max = 1; max < 60; max++) {
        err_escape(buf, sizeof buf, s, sizeof s, max);
        /* every backslash starts a whole \x1b */
        for (char *p = buf; (p = strchr(p, '\\')); p++)
            cr_assert_eq(strncmp(p, "\\x1b", 4), 0, "max %zu: %s", max, buf);
    }
    const char u[] = "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc";   /* üüüüüü */
    err_escape(buf, sizeof buf, u, sizeof u - 1, 4);
    cr_assert_str_eq(buf, "\xc3\xbc\xc3\xbc\xe2\x80\xa6\xc3\xbc");    /* üü…ü */
}

Test(escape, small_buffer_is_cut_at_a_unit)
{
    char buf[12];
    err_escape(buf, sizeof buf, "\x01\x02\x03\x04", 4, 0);
    /* 12 bytes: 3 kept for "…" and 1 for the NUL leave 8, two escapes */
    cr_assert_str_eq(buf, "\\x01\\x02\xe2\x80\xa6");
    char one[1];
    cr_assert_eq(err_escape(one, 1, "abc", 3, 0), 0);
    cr_assert_str_eq(one, "");
}

Test(quote, short_and_long)
{
    char q[ERR_QUOTE_SIZE];
    cr_assert_str_eq(err_quote(q, sizeof q, "5x"), "'5x'");
    cr_assert_str_eq(err_quote(q, sizeof q, "M\xc3\xbcller\x1b"), "'M\xc3\xbcller\\x1b'");
    cr_assert_str_eq(err_quote(q, sizeof q, NULL), "''");
    char s[5001];
    memset(s, '7', 5000);
    s[5000] = '\0';
    err_quote(q, sizeof q, s);
    char want[ERR_QUOTE_SIZE];
    snprintf(want, sizeof want, "'%.79s\xe2\x80\xa6' (5000 bytes)", s);
    cr_assert_str_eq(q, want);
    /* exactly ERR_QUOTE_MAX characters: not cut */
    s[ERR_QUOTE_MAX] = '\0';
    err_quote(q, sizeof q, s);
    cr_assert_eq(strlen(q), ERR_QUOTE_MAX + 2, "%s", q);
}

Test(quote, worst_case_fits_err_quote_size)
{
    /* four-byte characters shown as they are: 4 bytes per character */
    char s[4 * 200 + 1];
    for (int i = 0; i < 200; i++)
        memcpy(s + 4 * i, "\xf0\x9f\x98\x80", 4);
    s[800] = '\0';
    char q[ERR_QUOTE_SIZE];
    err_quote(q, sizeof q, s);
    size_t n = strlen(q);
    cr_assert(n < sizeof q);
    cr_assert(strstr(q, "(800 bytes)"), "%s", q);
    cr_assert_eq(strncmp(q + n - strlen("\xe2\x80\xa6' (800 bytes)"), "\xe2\x80\xa6' (800 bytes)",
                         strlen("\xe2\x80\xa6' (800 bytes)")), 0, "%s", q);
}

/* err_print's line, through a memory stream. */
static char *printed(const os_error *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    err_print(e, f);
    fclose(f);
    return buf;
}

Test(print, format_unchanged_for_plain_text)
{
    os_error e;
    err_clear(&e);
    err_set(&e, OS_ERR_INPUT, "my.ini", 70, "model.x.misroute_prb", "unknown key '%s'",
            "misroute_prb");
    char *s = printed(&e);
    cr_assert_str_eq(s, "ownsim: my.ini:70: model.x.misroute_prb: unknown key 'misroute_prb'\n");
    free(s);
    err_clear(&e);
    err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
    s = printed(&e);
    cr_assert_str_eq(s, "ownsim: out of memory\n");
    free(s);
}

Test(print, binary_scenario_line_is_one_escaped_line)
{
    os_error e;
    err_clear(&e);
    char key[160];
    for (size_t i = 0; i < sizeof key - 1; i++)
        key[i] = (char)(0x80 + i % 100 + (i % 7 == 0 ? -0x7f : 0));
    key[sizeof key - 1] = '\0';
    err_set(&e, OS_ERR_INPUT, "junk\x1b[2J.ini", 1, key, "key outside any section");
    char *s = printed(&e);
    size_t n = strlen(s);
    cr_assert_eq(s[n - 1], '\n');
    for (size_t i = 0; i + 1 < n; i++)
        cr_assert(s[i] != '\n' && s[i] != '\x1b' && s[i] != '\r', "control at %zu: %s", i, s);
    cr_assert(strstr(s, "ownsim: junk\\x1b[2J.ini:1: "), "%s", s);
    cr_assert(strstr(s, ": key outside any section\n"), "%s", s);
    /* the key is cut to ERR_SHOW_KEY characters (4 per escaped byte) */
    char *k = s + strlen("ownsim: junk\\x1b[2J.ini:1: ");
    char *end = strstr(k, ": key outside");
    cr_assert(end - k <= 4 * ERR_SHOW_KEY, "key shown as %td bytes", end - k);
    cr_assert(strstr(k, "\xe2\x80\xa6"), "no ellipsis: %s", s);
    free(s);
}

Test(print, long_message_keeps_its_end)
{
    os_error e;
    err_clear(&e);
    char v[900];
    memset(v, '\x01', sizeof v - 1);
    v[sizeof v - 1] = '\0';
    err_set(&e, OS_ERR_INPUT, "o.csv", 2, "effort", "'%s' is not a number", v);
    char *s = printed(&e);
    cr_assert(strstr(s, "' is not a number\n"), "%s", s);
    cr_assert(strstr(s, "ownsim: o.csv:2: effort: '\\x01"), "%s", s);
    cr_assert(strlen(s) < 4 * ERR_SHOW_MSG, "%zu bytes", strlen(s));
    free(s);
}
