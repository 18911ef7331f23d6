// The C surface chiso uses from libedit's readline-compatible API. Globals are reached only
// through these accessors, so Swift never touches C globals directly (see
// shared/notes/libedit.md: Swift 6 rejects them, and rl_* variables must be set in order).
#ifndef CHISO_EDITLINE_SHIM_H
#define CHISO_EDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <langinfo.h>
#include <editline/readline.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef char *(*chiso_generator_t)(const char *, int);
typedef char **(*chiso_completer_t)(const char *, int, int);

/// Where Tab starts a word: kept here, in static storage that lives as long as the process,
/// because libedit holds the pointer.
static char chiso_word_breaks[] = " \t\n\"'`@$><=;|&{(,";

/// Must run before the first readline(): libedit re-creates its state in rl_initialize.
static inline void chiso_rl_configure(chiso_completer_t completer) {
    rl_catch_signals = 0;
    rl_readline_name = "chiso";
    rl_attempted_completion_function = (rl_completion_func_t *)completer;
    rl_completer_word_break_characters = chiso_word_breaks;
}

/// The reader the C callbacks serve (readline's hooks take no context pointer), and the
/// candidates of the completion under way; both belong to the one editor of the process.
static void *chiso_reader_context = NULL;
static inline void chiso_set_context(void *p) { chiso_reader_context = p; }
static inline void *chiso_context(void) { return chiso_reader_context; }

static inline void chiso_rl_completion_over(void) { rl_attempted_completion_over = 1; }
static inline void chiso_rl_set_append(int c) { rl_completion_append_character = c; }
static inline const char *chiso_rl_line_buffer(void) { return rl_line_buffer; }
static inline int chiso_rl_point(void) { return rl_point; }
static inline char **chiso_rl_matches(const char *text, chiso_generator_t gen) {
    return rl_completion_matches(text, (rl_compentry_func_t *)gen);
}
static inline void chiso_rl_replace_line(const char *text) { rl_replace_line(text, 0); }

/// UTF-8 input needs a UTF-8 LC_CTYPE, or libedit drops non-ASCII characters ("Tỷ lệ" → "T l").
/// Only LC_CTYPE: LC_NUMERIC stays "C", so strtod and printf never read or write a decimal
/// comma whatever the user's locale (a German or Vietnamese LC_ALL would otherwise change numbers).
static inline int chiso_ensure_utf8_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't')) return 1;
    return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
}

/// The terminal's size in cells (0 when stdout is not a terminal). ioctl is variadic, which
/// Swift cannot call, hence this wrapper.
static inline int chiso_terminal_size(int *cols, int *rows) {
    struct winsize w;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) != 0 || w.ws_col == 0) return 0;
    *cols = w.ws_col; *rows = w.ws_row;
    return 1;
}

#endif
