/*
 * The missing-EOI variant (make VARIANT=missing-eoi): the generated upcall registers a per-vCPU
 * vector (HVMOP_set_evtchn_upcall_vector), which Xen delivers through the local APIC, and so
 * must end with an EOI.  This variant leaves the EOI out (ld --wrap between the generated
 * evtchn code and the platform's xg_plat_lapic_eoi): the first upcall's vector stays in the
 * LAPIC's ISR, no upcall of that priority or lower is delivered again, and the guest waits for
 * events that stay pending.  The dom0 probe sees the vector in service (LAPIC_VECTOR_IN_SERVICE).
 */
void __wrap_xg_plat_lapic_eoi(void);

void __wrap_xg_plat_lapic_eoi(void)
{
    /* the bug: no write to the LAPIC's EOI register */
}
