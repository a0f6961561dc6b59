/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The first thing check-vm runs: /dev/kvm opens, a VM with one real-mode
 * vCPU runs 256 OUT instructions to userspace and halts.  Plain KVM ioctls,
 * no libvmexit, so a failure here means the VM setup, not the library.
 * Prints the exit rate, a rough measure of a KVM round trip.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
int main(void){
 int kvm=open("/dev/kvm",O_RDWR); if(kvm<0){perror("open");return 1;}
 printf("api %d\n", ioctl(kvm,KVM_GET_API_VERSION,0));
 int vm=ioctl(kvm,KVM_CREATE_VM,0);
 unsigned char *mem=mmap(0,0x10000,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_ANONYMOUS,-1,0);
 /* loop: out 0x10,al ; inc al; cmp al,0; jne loop... ; hlt */
 unsigned char code[]={0xb0,0,0xe6,0x10,0xfe,0xc0,0x75,0xfa,0xf4};
 memcpy(mem+0x1000,code,sizeof code);
 struct kvm_userspace_memory_region r={0,0,0,0x10000,(unsigned long)mem};
 if(ioctl(vm,KVM_SET_USER_MEMORY_REGION,&r)){perror("mem");return 1;}
 int cpu=ioctl(vm,KVM_CREATE_VCPU,0);
 int sz=ioctl(kvm,KVM_GET_VCPU_MMAP_SIZE,0);
 struct kvm_run *run=mmap(0,sz,PROT_READ|PROT_WRITE,MAP_SHARED,cpu,0);
 struct kvm_sregs s; ioctl(cpu,KVM_GET_SREGS,&s); s.cs.base=0; s.cs.selector=0; ioctl(cpu,KVM_SET_SREGS,&s);
 struct kvm_regs g={0}; g.rip=0x1000; g.rflags=2; ioctl(cpu,KVM_SET_REGS,&g);
 int n=0; struct timespec a,b; clock_gettime(CLOCK_MONOTONIC,&a);
 for(;;){ if(ioctl(cpu,KVM_RUN,0)){perror("run");return 1;}
  if(run->exit_reason==KVM_EXIT_IO) {n++; continue;}
  if(run->exit_reason==KVM_EXIT_HLT) break;
  printf("exit %d\n",run->exit_reason); return 1;}
 clock_gettime(CLOCK_MONOTONIC,&b);
 printf("PROBE OK %d io exits in %.3f s\n",n,(b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)/1e9);
 return 0;}
