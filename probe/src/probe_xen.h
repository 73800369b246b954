/* xenguest-probe: the real seam (libxenctrl, libxenforeignmemory, libxenstore). */
#ifndef PROBE_XEN_H
#define PROBE_XEN_H

#include <stddef.h>
#include <stdio.h>

#include "probe_seam.h"

struct probe_xen;

/* Opens Xen's libraries; NULL with a message for the user in error. */
struct probe_xen *probe_xen_open(char *error, size_t error_cap);
const struct probe_xen_ops *probe_xen_ops(struct probe_xen *x);
void probe_xen_close(struct probe_xen *x);

#endif
