// SQLite 3 (Debian's libsqlite3-dev): the embedded triage database of CrashStore.
#include <sqlite3.h>
