/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmexit_seg_load() in two steps, for an instruction that must check
 * everything before it changes anything (far JMP and CALL through memory,
 * lib/x86/emulate_int.c): the checks, then the descriptor write.
 */
#ifndef VMEXIT_SEGMENT_INTERNAL_H
#define VMEXIT_SEGMENT_INTERNAL_H

#include <stdbool.h>

#include <vmexit/segment.h>

struct seg_prep {
	struct vmexit_segment out; /* the value to load, once finished */
	struct vmexit_desc d;      /* the descriptor read, if have_desc */
	bool have_desc;
	/* VMEXIT_LOAD_FAR asked with gates = true: the descriptor is a
	 * call gate, task gate or TSS the pseudo-code of JMP and CALL
	 * dispatches on; none of the code-segment checks was made. */
	bool gate;
};

/* Everything vmexit_seg_load() does before it writes the accessed (or
 * busy) bit: mode, null selector, table limit, descriptor read, checks.
 * Faults are queued (VMEXIT_EXCEPTION); nothing is written. */
int seg_load_prepare(struct vmexit_vcpu *v, struct vmexit_seg_req *r,
		     bool gates, struct seg_prep *p);
/* The rest: the accessed bit (busy bit for LTR) set in the descriptor in
 * memory; p->out then is what vmexit_seg_load() would return. */
int seg_load_finish(struct vmexit_vcpu *v, const struct vmexit_seg_req *r,
		    struct seg_prep *p);

#endif
