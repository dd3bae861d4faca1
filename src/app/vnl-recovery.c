/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-recovery"

#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "vnl-file.h"
#include "vnl-recovery.h"

/* A temporary file younger than this may belong to a save in progress in
 * another instance: it is left alone. */
#define STALE_SECONDS 10

struct _VnlRecovery
{
  char *key;       /* owned */
  char *origin;    /* owned, nullable */
  int   lock_fd;   /* -1 when the lock could not be taken */
};

static char *
recovery_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "vnetlab", "recovery", NULL);
}

static char *
slot_file (const char *key,
           const char *suffix)
{
  g_autofree char *dir = recovery_dir ();
  g_autofree char *base = g_strconcat (key, suffix, NULL);

  return g_build_filename (dir, base, NULL);
}

static char *
key_for_origin (const char *origin)
{
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;

  if (origin == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      return g_strconcat ("new-", uuid, NULL);
    }
  canonical = g_canonicalize_filename (origin, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  return g_strconcat ("file-", hash, NULL);
}

/* Takes the slot's lock without waiting; -1 when someone holds it. */
static int
lock_key (const char *key)
{
  g_autofree char *dir = recovery_dir ();
  g_autofree char *path = slot_file (key, ".lock");
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return -1;
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static VnlRecovery *
slot_new (const char *key,
          const char *origin,
          int         fd)
{
  VnlRecovery *self = g_new0 (VnlRecovery, 1);

  self->key = g_strdup (key);
  self->origin = g_strdup (origin);
  self->lock_fd = fd;
  return self;
}

VnlRecovery *
vnl_recovery_claim (const char *origin)
{
  g_autofree char *key = key_for_origin (origin);
  int fd = lock_key (key);

  if (fd < 0 && origin != NULL)
    {
      g_free (key);
      key = key_for_origin (NULL);
      fd = lock_key (key);
    }
  return slot_new (key, origin, fd);
}

static char *
read_origin (const char *key)
{
  g_autofree char *info = slot_file (key, ".info");
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, info, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (file, "recovery", "origin", NULL);
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  gint64 ta = vnl_recovery_get_time (*(VnlRecovery **) a);
  gint64 tb = vnl_recovery_get_time (*(VnlRecovery **) b);

  return ta < tb ? -1 : ta > tb;
}

GPtrArray *
vnl_recovery_list_orphans (const char *origin)
{
  GPtrArray *slots = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_recovery_free);
  g_autofree char *dir = recovery_dir ();
  g_autofree char *wanted = NULL;
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return slots;
  if (origin != NULL)
    wanted = g_canonicalize_filename (origin, NULL);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *key = NULL;
      g_autofree char *from = NULL;
      int fd;

      if (!g_str_has_suffix (name, ".vnetlab"))
        continue;
      key = g_strndup (name, strlen (name) - strlen (".vnetlab"));
      from = read_origin (key);
      /* A new design's slot, or another file's: not asked for. */
      if (wanted != NULL)
        {
          g_autofree char *canonical = from != NULL ? g_canonicalize_filename (from, NULL) : NULL;
          if (g_strcmp0 (canonical, wanted) != 0)
            continue;
        }
      if ((fd = lock_key (key)) < 0)
        continue;     /* a running window's slot */
      g_ptr_array_add (slots, slot_new (key, from, fd));
    }
  g_ptr_array_sort (slots, compare_time);
  return slots;
}

gboolean
vnl_recovery_write (VnlRecovery  *self,
                    VnlDesign    *design,
                    GError      **error)
{
  g_autofree char *path = slot_file (self->key, ".vnetlab");
  g_autofree char *backup = slot_file (self->key, ".vnetlab~");
  g_autofree char *info = slot_file (self->key, ".info");
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);

  /* The origin first: a design without it would be offered as new. */
  if (self->origin != NULL)
    g_key_file_set_string (file, "recovery", "origin", self->origin);
  else
    g_key_file_set_string (file, "recovery", "new", "true");
  if (!g_key_file_save_to_file (file, info, error))
    return FALSE;
  if (!vnl_design_save (design, path, error))
    return FALSE;
  /* The save keeps the previous version as PATH~: a recovery needs one. */
  g_unlink (backup);
  return TRUE;
}

VnlDesign *
vnl_recovery_load (VnlRecovery  *self,
                   GError      **error)
{
  g_autofree char *path = slot_file (self->key, ".vnetlab");

  return vnl_design_load (path, error);
}

void
vnl_recovery_discard (VnlRecovery *self)
{
  static const char *suffixes[] = { ".vnetlab", ".vnetlab~", ".info" };

  g_return_if_fail (self != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = slot_file (self->key, suffixes[i]);
      g_unlink (path);
    }
}

gboolean
vnl_recovery_has_design (VnlRecovery *self)
{
  g_autofree char *path = slot_file (self->key, ".vnetlab");

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

const char *
vnl_recovery_get_origin (VnlRecovery *self)
{
  return self->origin;
}

gint64
vnl_recovery_get_time (VnlRecovery *self)
{
  g_autofree char *path = slot_file (self->key, ".vnetlab");
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_mtime : 0;
}

void
vnl_recovery_free (VnlRecovery *self)
{
  if (self == NULL)
    return;
  if (self->lock_fd >= 0)
    {
      /* An empty slot leaves nothing behind; the lock file goes first
       * while still locked, so nobody locks a file about to vanish. */
      if (!vnl_recovery_has_design (self))
        {
          g_autofree char *lock = slot_file (self->key, ".lock");
          g_unlink (lock);
        }
      close (self->lock_fd);
    }
  g_free (self->key);
  g_free (self->origin);
  g_free (self);
}

/* Removes DIR/PREFIX.tmp-XXXXXX files older than STALE_SECONDS; with
 * @prefix NULL, those of every slot nobody holds. */
static guint
remove_temporaries (const char *dir,
                    const char *prefix)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  if (folder == NULL)
    return 0;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      const char *tmp = strstr (name, ".tmp-");
      g_autofree char *path = NULL;
      GStatBuf st;

      if (tmp == NULL || strlen (tmp) != strlen (".tmp-XXXXXX"))
        continue;
      if (prefix != NULL && (tmp - name != (gssize) strlen (prefix) || strncmp (name, prefix, tmp - name) != 0))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || now - (gint64) st.st_mtime < STALE_SECONDS)
        continue;
      if (prefix == NULL)
        {
          /* KEY.vnetlab.tmp-XXXXXX: the slot's owner may be saving. */
          g_autofree char *key = g_strndup (name, tmp - name);
          int fd;

          if (g_str_has_suffix (key, ".vnetlab"))
            key[strlen (key) - strlen (".vnetlab")] = '\0';
          if ((fd = lock_key (key)) < 0)
            continue;
          close (fd);
        }
      if (g_unlink (path) == 0)
        removed++;
    }
  return removed;
}

guint
vnl_recovery_remove_stale_temporaries (const char *path)
{
  g_autofree char *dir = recovery_dir ();
  guint removed = remove_temporaries (dir, NULL);

  if (path != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      removed += remove_temporaries (parent, base);
    }
  return removed;
}
