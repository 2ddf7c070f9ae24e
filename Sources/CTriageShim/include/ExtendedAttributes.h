// lgetxattr, which Glibc's Swift module does not export: triage reads systemd-coredump's
// user.coredump.* attributes with it.
#ifndef ANALYZE_DUMP_EXTENDED_ATTRIBUTES_H
#define ANALYZE_DUMP_EXTENDED_ATTRIBUTES_H

#include <sys/xattr.h>

#endif
