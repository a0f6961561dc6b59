/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest-visible policies in one include: CPUID (<vmexit/cpuid.h>),
 * MSRs (<vmexit/msr.h>), XSETBV (<vmexit/xsetbv.h>), the VMX/SVM MSR and
 * I/O permission maps (<vmexit/permmap.h>) and the VMX controls
 * (<vmexit/vmx_ctl.h>).  Each concept keeps its own header.
 */
#ifndef VMEXIT_POLICY_H
#define VMEXIT_POLICY_H

#include <vmexit/cpuid.h>
#include <vmexit/msr.h>
#include <vmexit/permmap.h>
#include <vmexit/vmx_ctl.h>
#include <vmexit/xsetbv.h>

#endif
