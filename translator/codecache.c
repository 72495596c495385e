/* SPDX-License-Identifier: MIT */
/*
 * codecache.c - the per-vCPU cache of translated blocks: a hash table by
 * TbKey (pc, pa, flags) fronted by a small direct-mapped jump cache by pc,
 * per-physical-page lists for invalidation when guest code is written, and
 * the bookkeeping of chained jumps so that invalidating a block unlinks
 * every jump into it.
 *
 * Invalidated blocks are only unlinked at once; their memory is freed by
 * codecache_collect(), between blocks, because the block that performed
 * the store may be the one being invalidated and is still running.
 *
 * A cache belongs to one vCPU thread. Another thread (a store by another
 * vCPU to a code page) only queues the page and raises exit_request; the
 * owner drops the blocks at its next collect.
 */
#include <glib.h>
#include <pthread.h>
#include <string.h>

#include "engine.h"

#define JC_SIZE TB_JC_SIZE

/* Past this many blocks the cache starts over (as QEMU does when its code
 * buffer fills): bounds memory for guests that touch much code once. */
#define CC_MAX_BLOCKS (1u << 17)

typedef struct CcTb CcTb;

/* The cache's private view of a block: the public part first. */
struct CcTb {
    TranslationBlock tb;
    /* Incoming chained jumps: the list of (source block, exit index)
     * pairs whose link[] points here, threaded through the sources'
     * jmp_next[] fields. */
    CcTb *jmp_in;
    uint8_t jmp_in_n;
    CcTb *jmp_next[2];
    uint8_t jmp_next_n[2];
    CcTb *free_next;
};

struct CodeCache {
    const Backend *backend;
    EngineEnv *env;
    TranslationBlock **buckets;
    uint32_t nbuckets;
    uint32_t count;
    TranslationBlock *jc[JC_SIZE];
    GHashTable *pages;      /* page number -> first TranslationBlock */
    CcTb *pending_free;
    /* invalidations queued by other threads */
    pthread_t owner;
    bool owner_set;
    GMutex remote_lock;
    GArray *remote_pages;
    volatile int remote_pending;
};

static inline CcTb *cctb(TranslationBlock *tb)
{
    return (CcTb *)tb;
}

static inline uint32_t key_hash(const TbKey *k)
{
    uint64_t h = k->pc * 0x9e3779b97f4a7c15ull;
    h ^= (k->pa >> 2) * 0xc2b2ae3d27d4eb4full;
    h ^= (uint64_t)k->flags * 0x165667b19e3779f9ull;
    return (uint32_t)(h >> 32);
}

static inline bool key_eq(const TbKey *a, const TbKey *b)
{
    return a->pc == b->pc && a->pa == b->pa && a->flags == b->flags;
}

static inline unsigned jc_index(uint64_t pc)
{
    return tb_jc_index(pc);
}

static inline uint64_t page_of(uint64_t pa)
{
    return pa & A64_PAGE_MASK;
}

/* Pages a block covers: 1 or 2. */
static unsigned tb_pages(const TranslationBlock *tb, uint64_t page[2])
{
    page[0] = page_of(tb->key.pa);
    uint64_t last = tb->key.pa + (tb->guest_bytes ? tb->guest_bytes - 1 : 0);
    page[1] = page_of(last);
    return page[1] != page[0] ? 2 : 1;
}

CodeCache *codecache_new(const Backend *backend, EngineEnv *env)
{
    CodeCache *cc = g_new0(CodeCache, 1);
    cc->backend = backend;
    cc->env = env;
    cc->nbuckets = 4096;
    cc->buckets = g_new0(TranslationBlock *, cc->nbuckets);
    cc->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_mutex_init(&cc->remote_lock);
    cc->remote_pages = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    if (env) {
        env->jump_cache = cc->jc;
        engine_ctc_flush(env); /* generation 0 never matches */
    }
    return cc;
}

static void free_block(CodeCache *cc, CcTb *t)
{
    cc->backend->free_code(&t->tb);
    g_free(t);
}

void codecache_free(CodeCache *cc)
{
    if (!cc)
        return;
    codecache_flush(cc);
    codecache_collect(cc);
    if (cc->env && cc->env->jump_cache == cc->jc)
        cc->env->jump_cache = NULL;
    g_hash_table_destroy(cc->pages);
    g_free(cc->buckets);
    g_mutex_clear(&cc->remote_lock);
    g_array_free(cc->remote_pages, TRUE);
    g_free(cc);
}

static void note_owner(CodeCache *cc)
{
    if (!cc->owner_set) {
        cc->owner = pthread_self();
        cc->owner_set = true;
    }
}

TranslationBlock *codecache_lookup(CodeCache *cc, const TbKey *key)
{
    unsigned j = jc_index(key->pc);
    TranslationBlock *tb = cc->jc[j];
    if (tb && key_eq(&tb->key, key))
        return tb;
    note_owner(cc);
    for (tb = cc->buckets[key_hash(key) & (cc->nbuckets - 1)]; tb; tb = tb->hash_next) {
        if (key_eq(&tb->key, key)) {
            cc->jc[j] = tb;
            return tb;
        }
    }
    return NULL;
}

static void rehash(CodeCache *cc)
{
    uint32_t nb = cc->nbuckets * 2;
    TranslationBlock **nbk = g_new0(TranslationBlock *, nb);
    for (uint32_t i = 0; i < cc->nbuckets; i++) {
        TranslationBlock *tb = cc->buckets[i];
        while (tb) {
            TranslationBlock *next = tb->hash_next;
            uint32_t h = key_hash(&tb->key) & (nb - 1);
            tb->hash_next = nbk[h];
            nbk[h] = tb;
            tb = next;
        }
    }
    g_free(cc->buckets);
    cc->buckets = nbk;
    cc->nbuckets = nb;
}

TranslationBlock *codecache_insert(CodeCache *cc, const TbKey *key, const IrBlock *ir)
{
    note_owner(cc);
    if (cc->count >= CC_MAX_BLOCKS)
        codecache_flush(cc); /* between blocks: freed at the next collect */
    CcTb *t = g_new0(CcTb, 1);
    TranslationBlock *tb = &t->tb;
    tb->key = *key;
    tb->guest_insns = ir->guest_insns;
    tb->guest_bytes = ir->guest_bytes;
    if (!cc->backend->compile(cc->env, ir, tb)) {
        g_free(t);
        return NULL;
    }
    if (cc->count >= cc->nbuckets)
        rehash(cc);
    uint32_t h = key_hash(key) & (cc->nbuckets - 1);
    tb->hash_next = cc->buckets[h];
    cc->buckets[h] = tb;
    cc->count++;
    cc->jc[jc_index(key->pc)] = tb;

    uint64_t page[2];
    unsigned np = tb_pages(tb, page);
    for (unsigned i = 0; i < np; i++) {
        gpointer k = GSIZE_TO_POINTER(page[i] >> A64_PAGE_BITS);
        tb->page_next[i] = g_hash_table_lookup(cc->pages, k);
        g_hash_table_insert(cc->pages, k, tb);
    }
    return tb;
}

/* ---- chaining ---- */

/* Remove (src, n) from dst's incoming list. */
static void jmp_in_remove(CcTb *dst, CcTb *src, unsigned n)
{
    CcTb **pp = &dst->jmp_in;
    uint8_t *pn = &dst->jmp_in_n;
    while (*pp) {
        CcTb *s = *pp;
        unsigned sn = *pn;
        if (s == src && sn == n) {
            *pp = s->jmp_next[sn];
            *pn = s->jmp_next_n[sn];
            s->jmp_next[sn] = NULL;
            return;
        }
        pp = &s->jmp_next[sn];
        pn = &s->jmp_next_n[sn];
    }
}

static void unlink_out(CcTb *src, unsigned n)
{
    TranslationBlock *to = src->tb.link[n];
    if (!to)
        return;
    /* clear the jump first: the engine reads link[] without locks */
    __atomic_store_n(&src->tb.link[n], NULL, __ATOMIC_RELEASE);
    jmp_in_remove(cctb(to), src, n);
}

void codecache_link(CodeCache *cc, TranslationBlock *from, unsigned n, TranslationBlock *to)
{
    (void)cc;
    if (!from || !to || n > 1 || from->invalid || to->invalid)
        return;
    if (from->key.flags != to->key.flags ||
        page_of(from->key.pc) != page_of(to->key.pc) ||
        page_of(from->key.pa) != page_of(to->key.pa))
        return;
    if (from->link[n] == to)
        return;
    CcTb *src = cctb(from), *dst = cctb(to);
    unlink_out(src, n);
    src->jmp_next[n] = dst->jmp_in;
    src->jmp_next_n[n] = dst->jmp_in_n;
    dst->jmp_in = src;
    dst->jmp_in_n = (uint8_t)n;
    __atomic_store_n(&from->link[n], to, __ATOMIC_RELEASE);
}

/* ---- invalidation ---- */

static void hash_remove(CodeCache *cc, TranslationBlock *tb)
{
    TranslationBlock **pp = &cc->buckets[key_hash(&tb->key) & (cc->nbuckets - 1)];
    while (*pp) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            cc->count--;
            return;
        }
        pp = &(*pp)->hash_next;
    }
}

/* Remove tb from the list of page (except when that list is being torn
 * down by the caller). */
static void page_list_remove(CodeCache *cc, TranslationBlock *tb, uint64_t page)
{
    gpointer k = GSIZE_TO_POINTER(page >> A64_PAGE_BITS);
    TranslationBlock *head = g_hash_table_lookup(cc->pages, k);
    TranslationBlock *prev = NULL, *cur = head;
    while (cur) {
        uint64_t pg[2];
        tb_pages(cur, pg);
        unsigned slot = pg[0] == page ? 0 : 1;
        TranslationBlock *next = cur->page_next[slot];
        if (cur == tb) {
            if (prev) {
                uint64_t ppg[2];
                tb_pages(prev, ppg);
                prev->page_next[ppg[0] == page ? 0 : 1] = next;
            } else if (next) {
                g_hash_table_insert(cc->pages, k, next);
            } else {
                g_hash_table_remove(cc->pages, k);
            }
            return;
        }
        prev = cur;
        cur = next;
    }
}

/* Unreachable from now on; freed by codecache_collect. The page lists are
 * the caller's business. */
static void invalidate_tb(CodeCache *cc, TranslationBlock *tb)
{
    if (tb->invalid)
        return;
    CcTb *t = cctb(tb);
    tb->invalid = true;
    hash_remove(cc, tb);
    unsigned j = jc_index(tb->key.pc);
    if (cc->jc[j] == tb)
        cc->jc[j] = NULL;
    /* jumps into this block */
    while (t->jmp_in) {
        CcTb *src = t->jmp_in;
        unsigned n = t->jmp_in_n;
        t->jmp_in = src->jmp_next[n];
        t->jmp_in_n = src->jmp_next_n[n];
        src->jmp_next[n] = NULL;
        __atomic_store_n(&src->tb.link[n], NULL, __ATOMIC_RELEASE);
    }
    /* jumps out of it */
    unlink_out(t, 0);
    unlink_out(t, 1);
    t->free_next = cc->pending_free;
    cc->pending_free = t;
}

static void invalidate_page_local(CodeCache *cc, uint64_t pa)
{
    uint64_t page = page_of(pa);
    gpointer k = GSIZE_TO_POINTER(page >> A64_PAGE_BITS);
    TranslationBlock *tb = g_hash_table_lookup(cc->pages, k);
    if (!tb)
        return;
    g_hash_table_remove(cc->pages, k);
    while (tb) {
        uint64_t pg[2];
        unsigned np = tb_pages(tb, pg);
        unsigned slot = pg[0] == page ? 0 : 1;
        TranslationBlock *next = tb->page_next[slot];
        if (np == 2)
            page_list_remove(cc, tb, pg[slot ^ 1]);
        invalidate_tb(cc, tb);
        tb = next;
    }
}

void codecache_invalidate_page(CodeCache *cc, uint64_t pa_page)
{
    if (!cc)
        return;
    if (cc->owner_set && !pthread_equal(cc->owner, pthread_self())) {
        g_mutex_lock(&cc->remote_lock);
        g_array_append_val(cc->remote_pages, pa_page);
        __atomic_store_n(&cc->remote_pending, 1, __ATOMIC_RELEASE);
        g_mutex_unlock(&cc->remote_lock);
        if (cc->env && cc->env->exit_request)
            *cc->env->exit_request = 1;
        return;
    }
    invalidate_page_local(cc, pa_page);
}

void codecache_flush(CodeCache *cc)
{
    for (uint32_t i = 0; i < cc->nbuckets; i++) {
        while (cc->buckets[i])
            invalidate_tb(cc, cc->buckets[i]);
    }
    g_hash_table_remove_all(cc->pages);
    memset(cc->jc, 0, sizeof(cc->jc));
}

void codecache_collect(CodeCache *cc)
{
    if (__atomic_load_n(&cc->remote_pending, __ATOMIC_ACQUIRE)) {
        g_mutex_lock(&cc->remote_lock);
        for (guint i = 0; i < cc->remote_pages->len; i++)
            invalidate_page_local(cc, g_array_index(cc->remote_pages, uint64_t, i));
        g_array_set_size(cc->remote_pages, 0);
        cc->remote_pending = 0;
        g_mutex_unlock(&cc->remote_lock);
    }
    if (!cc->pending_free)
        return;
    while (cc->pending_free) {
        CcTb *t = cc->pending_free;
        cc->pending_free = t->free_next;
        if (cc->env && cc->env->last_tb == &t->tb)
            cc->env->last_tb = NULL;
        free_block(cc, t);
    }
}

void codecache_execute(CodeCache *cc, TranslationBlock *tb)
{
    cc->backend->execute(cc->env, tb);
}
