// libpq (Debian's libpq-dev): the shared PostgreSQL triage database of CrashStore.
#include <postgresql/libpq-fe.h>
