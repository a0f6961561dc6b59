/* SPDX-License-Identifier: BSD-2-Clause */
/* Version and status strings. */
#include <vmexit/vmexit.h>

uint32_t vmexit_version(void)
{
	return VMEXIT_VERSION;
}

const char *vmexit_strerror(int status)
{
	switch (status) {
	case VMEXIT_DONE:
		return "done";
	case VMEXIT_EXCEPTION:
		return "exception queued for the guest";
	case VMEXIT_RETRY:
		return "retry";
	case VMEXIT_UNHANDLED:
		return "unhandled";
	case VMEXIT_TRIPLE_FAULT:
		return "triple fault";
	case VMEXIT_ERR_BACKEND:
		return "backend error";
	case VMEXIT_ERR_CALLER:
		return "caller error";
	default:
		return "unknown status";
	}
}
