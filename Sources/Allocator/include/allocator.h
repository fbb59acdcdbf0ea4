#ifndef ISMS_ALLOCATOR_H
#define ISMS_ALLOCATOR_H
// Referenced from main.swift so the object that carries the allocator's options is always linked in.
int isms_allocator_linked(void);
#endif
