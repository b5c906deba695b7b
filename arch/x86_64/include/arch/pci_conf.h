/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration space and PCI interrupt delivery: the CPU side of
 * PCI (arch/x86_64/pci_conf.c). drivers/pci.c enumerates and decodes;
 * this file only moves bytes and composes interrupt messages.
 *
 * A function is named by its bdf: bus << 8 | device << 3 | function,
 * Linux's PCI_DEVID() layout (PCI_BDF() in drivers/pci_decode.h). Config
 * space is reached through ECAM (the MCFG table's memory window, 4 KiB
 * per function) when ACPI has one for segment 0, else through the legacy
 * ports 0xcf8/0xcfc (the first 256 bytes only). A read of an absent
 * function returns all ones.
 */
#ifndef ARCH_PCI_CONF_H
#define ARCH_PCI_CONF_H

#include "lib/types.h"

struct acpi_info;

void arch_pci_conf_init(const struct acpi_info *acpi);
bool arch_pci_conf_ecam(void);
u16 arch_pci_conf_size(void);
u32 arch_pci_conf_read(u16 bdf, u16 off, unsigned int size);
void arch_pci_conf_write(u16 bdf, u16 off, unsigned int size, u32 v);

int arch_pci_vector_alloc(void);
void arch_msi_message(u8 vector, u64 *addr, u32 *data);
int arch_pci_intx_route(u8 line, u8 vector);

#endif
