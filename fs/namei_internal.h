/* SPDX-License-Identifier: MIT */
/*
 * The path walk's pieces for the operations on names built on it
 * (fs/namei.c, fs/link.c, fs/rename.c): walk a path to its last
 * component with the namespace lock held, then look that component up
 * or make it. Not for file systems.
 */
#ifndef FS_NAMEI_INTERNAL_H
#define FS_NAMEI_INTERNAL_H

#include "fs/vfs.h"

/* Symlinks one walk may follow (Linux's MAXSYMLINKS). */
#define MAXSYMLINKS	40

/* A path split before its last component. */
struct nameidata {
	struct dentry *dir;		/* where @last is looked up (a ref) */
	char last[NAME_MAX + 1];	/* "": the path names @dir itself */
	bool slash;			/* the path ends in '/' */
	int nr_links;			/* symlinks followed so far */
	char *text;			/* the path after the last symlink */
};

int namei_walk(struct dentry *start, const char *path, struct nameidata *nd);
void namei_done(struct nameidata *nd);
int namei_walk_locked(struct dentry *start, const char *path,
		      struct nameidata *nd);
void namei_put(struct nameidata *nd);
int namei_lookup_one(struct dentry *dir, const char *name,
		     struct dentry **out);
int namei_lookup_last(struct nameidata *nd, bool follow,
		      struct dentry **out);

#endif
