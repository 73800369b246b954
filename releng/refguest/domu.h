/*
 * The reference guest as a PVH domU (make ROLE=domu, model examples/refguest-domu.xenguest):
 * its netfront connected to Linux's netback, a tiny ARP + IPv4 + ICMP echo responder at the
 * address the model writes to "data/ip", and commands through the watched node "data/cmd":
 *
 *   stats      print the counters (and write them to data/stats)
 *   send N     send N frames (ethertype 0x88b5, 60 bytes) to the last peer that talked to it
 *              (broadcast before any did), 1 <= N <= 1000000; prints the rate
 *   tx         a xenstore transaction on data/counter that first conflicts with a write of
 *              its own outside it (so xenstored answers EAGAIN), then is retried and commits
 *
 * After each command it writes data/done = "<commands handled>".  Console lines start with
 * "refguest: "; the counters line is
 *   refguest: stats rx R tx T rx-bytes .. tx-bytes .. arp A icmp I dropped D rx-errors ..
 *             tx-errors .. free-grants G watch W commands C
 * (rx and tx are what the netfront counted: frames, as dom0's vifD.0 counts them).
 */
#ifndef REFGUEST_DOMU_H
#define REFGUEST_DOMU_H

/* Connects the netfront, runs the transaction once, then serves for ever. */
_Noreturn void domu_run(void);

#endif
