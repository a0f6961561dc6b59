/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mock backend (see <vmexit/mock.h>).  Every op first counts the call
 * and then fails if the test asked it to.
 */
#include <string.h>

#include <vmexit/mock.h>
#include <vmexit/x86.h>

static int enter(struct vmexit_mock *m, unsigned op)
{
	m->calls[op]++;
	return (m->fail_ops & VMEXIT_MOCK_FAIL(op)) ? VMEXIT_ERR_BACKEND
						    : VMEXIT_DONE;
}

/* Copy one register group in or out, the body of every get/set op. */
#define GROUP_OPS(name, type, field, get_op, set_op)                     \
	static int mock_get_##name(void *b, type *out)                   \
	{                                                                \
		struct vmexit_mock *m = b;                               \
		int rc = enter(m, get_op);                               \
		if (rc == VMEXIT_DONE)                                   \
			*out = m->field;                                 \
		return rc;                                               \
	}                                                                \
	static int mock_set_##name(void *b, const type *in)              \
	{                                                                \
		struct vmexit_mock *m = b;                               \
		int rc = enter(m, set_op);                               \
		if (rc == VMEXIT_DONE)                                   \
			m->field = *in;                                  \
		return rc;                                               \
	}

GROUP_OPS(regs, struct vmexit_regs, regs, VMEXIT_MOCK_GET_REGS,
	  VMEXIT_MOCK_SET_REGS)
GROUP_OPS(sregs, struct vmexit_sregs, sregs, VMEXIT_MOCK_GET_SREGS,
	  VMEXIT_MOCK_SET_SREGS)
GROUP_OPS(dregs, struct vmexit_dregs, dregs, VMEXIT_MOCK_GET_DREGS,
	  VMEXIT_MOCK_SET_DREGS)
GROUP_OPS(vregs, struct vmexit_vregs, vregs, VMEXIT_MOCK_GET_VREGS,
	  VMEXIT_MOCK_SET_VREGS)

static int mock_get_shadow(void *b, uint32_t *out)
{
	struct vmexit_mock *m = b;
	int rc = enter(m, VMEXIT_MOCK_GET_SHADOW);
	if (rc == VMEXIT_DONE)
		*out = m->shadow;
	return rc;
}

static int mock_set_shadow(void *b, uint32_t in)
{
	struct vmexit_mock *m = b;
	int rc = enter(m, VMEXIT_MOCK_SET_SHADOW);
	if (rc == VMEXIT_DONE)
		m->shadow = in;
	return rc;
}

static const struct vmexit_mock_region *region_at(const struct vmexit_mock *m,
						  uint64_t gpa)
{
	for (unsigned i = 0; i < m->nr_mmio; i++)
		if (gpa - m->mmio[i].base < m->mmio[i].len)
			return &m->mmio[i];
	return NULL;
}

/* First MMIO region starting above gpa, to cap a RAM mapping. */
static uint64_t next_region(const struct vmexit_mock *m, uint64_t gpa,
			    uint64_t end)
{
	for (unsigned i = 0; i < m->nr_mmio; i++)
		if (m->mmio[i].base > gpa && m->mmio[i].base < end)
			end = m->mmio[i].base;
	return end;
}

static int mock_map_gpa(void *b, uint64_t gpa, bool write,
			struct vmexit_gpa_map *out)
{
	struct vmexit_mock *m = b;
	const struct vmexit_mock_region *r;
	int rc = enter(m, VMEXIT_MOCK_MAP_GPA);

	(void)write;
	if (rc != VMEXIT_DONE)
		return rc;
	r = region_at(m, gpa);
	if (r) {
		out->hva = NULL;
		out->len = r->base + r->len - gpa;
	} else if (gpa < m->ram_size) {
		out->hva = m->ram + gpa;
		out->len = next_region(m, gpa, m->ram_size) - gpa;
	} else {
		/* Unbacked: behaves as a device, up to the next region (an
		 * access that runs into one is split there, so no device
		 * access crosses into a region it does not start in). */
		uint64_t end = next_region(m, gpa, UINT64_MAX);
		out->hva = NULL;
		out->len = end == UINT64_MAX ? 0 : end - gpa;
	}
	return VMEXIT_DONE;
}

static void log_access(struct vmexit_mock *m, unsigned op, uint64_t addr,
		       const void *data, unsigned size)
{
	struct vmexit_mock_access *a = &m->log[m->nr_log % VMEXIT_MOCK_LOG];

	a->op = (uint8_t)op;
	a->size = (uint8_t)size;
	a->addr = addr;
	memset(a->data, 0, sizeof(a->data));
	memcpy(a->data, data, size);
	m->nr_log++;
}

static int device(struct vmexit_mock *m, unsigned op, vmexit_mock_dev_fn fn,
		  void *opaque, uint64_t addr, void *data, unsigned size,
		  bool write)
{
	int rc = enter(m, op);

	if (rc != VMEXIT_DONE)
		return rc;
	if (size == 0 || size > sizeof(m->log[0].data))
		return VMEXIT_ERR_CALLER;
	if (fn)
		rc = fn(opaque, addr, data, size, write);
	else if (!write)
		memset(data, 0xff, size);
	if (rc == VMEXIT_DONE)
		log_access(m, op, addr, data, size);
	return rc == VMEXIT_DONE ? rc : VMEXIT_ERR_BACKEND;
}

static int mock_mmio_read(void *b, uint64_t gpa, void *data, unsigned size)
{
	struct vmexit_mock *m = b;
	const struct vmexit_mock_region *r = region_at(m, gpa);

	return device(m, VMEXIT_MOCK_MMIO_READ, r ? r->fn : NULL,
		      r ? r->opaque : NULL, gpa, data, size, false);
}

static int mock_mmio_write(void *b, uint64_t gpa, const void *data,
			   unsigned size)
{
	struct vmexit_mock *m = b;
	const struct vmexit_mock_region *r = region_at(m, gpa);

	return device(m, VMEXIT_MOCK_MMIO_WRITE, r ? r->fn : NULL,
		      r ? r->opaque : NULL, gpa, (void *)(uintptr_t)data, size,
		      true);
}

static int mock_pio_in(void *b, uint16_t port, unsigned size, uint32_t *val)
{
	struct vmexit_mock *m = b;

	if (size != 1 && size != 2 && size != 4)
		return VMEXIT_ERR_CALLER;
	*val = 0;
	return device(m, VMEXIT_MOCK_PIO_IN, m->pio, m->pio_opaque, port, val,
		      size, false);
}

static int mock_pio_out(void *b, uint16_t port, unsigned size, uint32_t val)
{
	struct vmexit_mock *m = b;

	if (size != 1 && size != 2 && size != 4)
		return VMEXIT_ERR_CALLER;
	return device(m, VMEXIT_MOCK_PIO_OUT, m->pio, m->pio_opaque, port,
		      &val, size, true);
}

static int mock_queue_event(void *b, const struct vmexit_event *ev)
{
	struct vmexit_mock *m = b;
	int rc = enter(m, VMEXIT_MOCK_QUEUE_EVENT);

	if (rc != VMEXIT_DONE)
		return rc;
	if (m->nr_events < VMEXIT_MOCK_MAX_EVENTS)
		m->events[m->nr_events] = *ev;
	m->nr_events++;
	return VMEXIT_DONE;
}

static int msr_slot(struct vmexit_mock *m, uint32_t index)
{
	for (unsigned i = 0; i < m->nr_msr; i++)
		if (m->msr[i].index == index)
			return (int)i;
	return -1;
}

static int mock_rdmsr(void *b, uint32_t index, uint64_t *val)
{
	struct vmexit_mock *m = b;
	int rc = enter(m, VMEXIT_MOCK_RDMSR);
	int i = msr_slot(m, index);

	if (rc != VMEXIT_DONE)
		return rc;
	if (i < 0)
		return VMEXIT_ERR_BACKEND; /* the backend does not know it */
	*val = m->msr[i].value;
	return VMEXIT_DONE;
}

static int mock_wrmsr(void *b, uint32_t index, uint64_t val)
{
	struct vmexit_mock *m = b;
	int rc = enter(m, VMEXIT_MOCK_WRMSR);

	return rc == VMEXIT_DONE ? vmexit_mock_set_msr(m, index, val) : rc;
}

const struct vmexit_ops vmexit_mock_ops = {
	.get_regs = mock_get_regs,
	.set_regs = mock_set_regs,
	.get_sregs = mock_get_sregs,
	.set_sregs = mock_set_sregs,
	.get_dregs = mock_get_dregs,
	.set_dregs = mock_set_dregs,
	.get_vregs = mock_get_vregs,
	.set_vregs = mock_set_vregs,
	.get_shadow = mock_get_shadow,
	.set_shadow = mock_set_shadow,
	.map_gpa = mock_map_gpa,
	.mmio_read = mock_mmio_read,
	.mmio_write = mock_mmio_write,
	.pio_in = mock_pio_in,
	.pio_out = mock_pio_out,
	.queue_event = mock_queue_event,
	.rdmsr = mock_rdmsr,
	.wrmsr = mock_wrmsr,
};

int vmexit_mock_set_msr(struct vmexit_mock *m, uint32_t index, uint64_t value)
{
	int i;

	if (!m)
		return VMEXIT_ERR_CALLER;
	i = msr_slot(m, index);
	if (i < 0) {
		if (m->nr_msr >= VMEXIT_MOCK_MAX_MSRS)
			return VMEXIT_ERR_BACKEND;
		i = (int)m->nr_msr++;
		m->msr[i].index = index;
	}
	m->msr[i].value = value;
	return VMEXIT_DONE;
}

int vmexit_mock_add_mmio(struct vmexit_mock *m, uint64_t base, uint64_t len,
			 vmexit_mock_dev_fn fn, void *opaque)
{
	if (!m || len == 0 || base + len - 1 < base ||
	    m->nr_mmio >= VMEXIT_MOCK_MAX_REGIONS)
		return VMEXIT_ERR_CALLER;
	m->mmio[m->nr_mmio].base = base;
	m->mmio[m->nr_mmio].len = len;
	m->mmio[m->nr_mmio].fn = fn;
	m->mmio[m->nr_mmio].opaque = opaque;
	m->nr_mmio++;
	return VMEXIT_DONE;
}

static void set_seg(struct vmexit_segment *s, uint16_t sel, uint64_t base,
		    uint32_t limit, uint32_t ar)
{
	s->selector = sel;
	s->base = base;
	s->limit = limit;
	s->ar = ar;
}

int vmexit_mock_init(struct vmexit_mock *m, void *ram, uint64_t ram_size)
{
	if (!m || (!ram && ram_size))
		return VMEXIT_ERR_CALLER;
	memset(m, 0, sizeof(*m));
	m->ram = ram;
	m->ram_size = ram_size;
	return vmexit_mock_set_mode(m, VMEXIT_MODE_REAL, 0, 0);
}

int vmexit_mock_set_mode(struct vmexit_mock *m, enum vmexit_cpu_mode mode,
			 unsigned cpl, uint64_t cr3)
{
	const uint32_t p = VMEXIT_AR_P | VMEXIT_AR_S;
	uint32_t code = p | 0xb, data = p | 0x3, dpl;
	struct vmexit_sregs *s;

	if (!m || cpl > 3)
		return VMEXIT_ERR_CALLER;
	s = &m->sregs;
	dpl = cpl << VMEXIT_AR_DPL_SHIFT;
	m->regs.rflags = 0x2;
	s->cr3 = cr3;
	set_seg(&s->seg[VMEXIT_SEG_LDTR], 0, 0, 0xffff, 0x82);
	set_seg(&s->seg[VMEXIT_SEG_TR], 0, 0, 0xffff, 0x8b);
	s->gdtr.base = s->idtr.base = 0;
	s->gdtr.limit = s->idtr.limit = 0xffff;

	switch (mode) {
	case VMEXIT_MODE_REAL:
		s->cr0 = VMEXIT_CR0_ET | VMEXIT_CR0_CD | VMEXIT_CR0_NW;
		s->cr4 = s->efer = 0;
		m->regs.rip = 0xfff0;
		set_seg(&s->seg[VMEXIT_SEG_CS], 0xf000, 0xffff0000ull, 0xffff,
			code);
		for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++)
			if (i != VMEXIT_SEG_CS)
				set_seg(&s->seg[i], 0, 0, 0xffff, data);
		return VMEXIT_DONE;
	case VMEXIT_MODE_PROT32:
		s->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET | VMEXIT_CR0_NE;
		s->cr4 = s->efer = 0;
		code |= VMEXIT_AR_DB | VMEXIT_AR_G;
		data |= VMEXIT_AR_DB | VMEXIT_AR_G;
		break;
	case VMEXIT_MODE_LONG64:
		s->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET | VMEXIT_CR0_NE |
			 VMEXIT_CR0_PG;
		s->cr4 = VMEXIT_CR4_PAE;
		s->efer = VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
		code |= VMEXIT_AR_L | VMEXIT_AR_G;
		data |= VMEXIT_AR_DB | VMEXIT_AR_G;
		break;
	default:
		return VMEXIT_ERR_CALLER;
	}
	set_seg(&s->seg[VMEXIT_SEG_CS], (uint16_t)(0x8 | cpl), 0, 0xffffffff,
		code | dpl);
	for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++)
		if (i != VMEXIT_SEG_CS)
			set_seg(&s->seg[i], (uint16_t)(0x10 | cpl), 0,
				0xffffffff, data | dpl);
	return VMEXIT_DONE;
}

const struct vmexit_mock_access *vmexit_mock_log_entry(
	const struct vmexit_mock *m, unsigned i)
{
	if (!m || i >= m->nr_log || i >= VMEXIT_MOCK_LOG)
		return NULL;
	return &m->log[(m->nr_log - 1 - i) % VMEXIT_MOCK_LOG];
}
