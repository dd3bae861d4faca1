/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-matrix"

#include "config.h"

#include <string.h>

#include "vnl-matrix.h"
#include "vnl-network-private.h"
#include "vnl-sort-private.h"

/*
 * DOC: The reachability matrix, per equivalence class
 *
 * Endpoints are grouped into classes; one walk (per direction) answers for
 * every pair of members of two classes. Two endpoints are in one class when
 * they have
 *  - the same owner (VNet or site) and the same administrative state,
 *  - addresses in the same *atom*: the same side of every prefix the data
 *    plane compares a destination with (VNet address spaces, peering
 *    routes, the default system routes, every RIB entry of every speaker,
 *    CE LAN /31s, circuit link subnets, session addresses, site and local
 *    network gateway prefixes, the subnets of route tables and appliances,
 *    user-defined routes and their next hops), and
 *  - an address that is their own: the network's owner table maps it to
 *    the endpoint itself;
 *  - the same network security group on their NIC and the same
 *    private-endpoint flag (the subnet's group, and its route table, follow
 *    from the atom: subnet prefixes, route-table prefixes and the prefixes
 *    of security rules are boundaries too). An endpoint whose address also belongs to a
 *    gateway, a CE or another endpoint (a duplicate) is a class of its own.
 *
 * Why that is enough: a walk (vnl-forward.c, walk_run) reads, of its source
 * endpoint, only its owner and state (where the packet starts) and, of its
 * destination address, only the owner-table lookup and the prefix and
 * address comparisons listed above — all equal within an atom, and the
 * owner lookup yields the destination endpoint itself, which the walk only
 * compares by owner. The one input left is the flow hash of the two
 * addresses, which picks among equal-cost members (ECMP, several CEs). So a
 * class pair standing for several flows is walked with every equal-cost
 * choice taken in turn (_vnl_network_endpoint_reaches_any_flow): if all
 * choices deliver, or none does, that is the answer of every member pair;
 * otherwise (VNL_REACH_DEPENDS) each member pair is walked with its own
 * hash. A class pair of two single endpoints is walked with its own hash.
 * The tests check that the expanded class matrix equals the per-endpoint
 * matrix on every sample and on generated designs with extra endpoints.
 * A design with stateful appliances or firewalls asks each pair on its
 * own (whether the reply crosses the same devices depends on the pair):
 * _vnl_network_endpoint_reaches then also walks the reply.
 *
 * Network security groups are apart from the walks, which are unfiltered:
 * a delivered flow meets the groups of its two ends only and its reply is
 * never filtered, so a third bit per ordered pair says that the matrix's
 * flow (protocol and port, ICMP by default) is denied (class_denied). A
 * pair routed both ways but denied is VNL_MATRIX_DENIED, apart from one
 * that is not routed.
 *
 * Storage: two bits per ordered pair of classes (every flow delivered; it
 * depends on the flow; both NONE when either direction delivers nothing,
 * so the way back is not walked for pairs that cannot ping), computed at once up to MAX_STORED_CLASSES classes
 * (32 MiB); beyond, class rows are walked when asked for. Rows of
 * endpoints are expanded into caller-provided bitsets.
 */

#define MAX_STORED_CLASSES 16384

/* Tests lower it to check the streamed mode on small designs. */
guint _vnl_matrix_max_stored_classes = MAX_STORED_CLASSES;

/* Tests: walk every pair of a class pair on its own, as when the flow hash
 * decides (no sample has such a pair), to check that path too. */
gboolean _vnl_matrix_force_per_pair = FALSE;

struct _VnlMatrix
{
  VnlNetwork  *network;      /* owned, NULL once detached */
  GPtrArray   *endpoints;    /* owned container of borrowed VnlEndpoint*, row order */
  guint        n;            /* endpoints */
  guint        c;            /* classes */
  guint        g;            /* owners */
  guint64      stride;       /* bits per stored row: c rounded up to whole words */
  guint32     *class_of;     /* owned, n */
  guint32     *members;      /* owned, n: endpoints sorted by class */
  guint32     *first;        /* owned, c + 1: class k is members[first[k] .. first[k + 1]) */
  guint32     *owner_of;     /* owned, c: owner of each class */
  const char **owner_names;  /* owned container, g, borrowed names */
  /* Stored: bit A * c + B of `all` when every flow from class A reaches
   * class B, of `depends` when it depends on the flow. NULL when streamed. */
  guint64     *all;          /* owned, nullable */
  guint64     *depends;      /* owned, nullable */
  /* Streamed: the reach to and from the last class asked for. */
  guint        row_class;    /* G_MAXUINT when none */
  guint8      *row_to;       /* owned, c: VnlReach from row_class to each class */
  guint8      *row_from;     /* owned, c: VnlReach from each class to row_class */
  /* Network security groups: bit A * c + B when a group denies the flow
   * from class A to class B (the matrix's flow); NULL when streamed, then
   * evaluated when asked (no walk: the groups of the two ends). */
  VnlFlow      flow;
  gboolean     path_filters; /* filters between the ends (path_denied()) */
  guint64     *denied;       /* owned, nullable */
  /* Detached: the pairs of VNL_REACH_DEPENDS class pairs that ping, as
   * sorted keys i * n + j. */
  GArray      *pinging;      /* owned, nullable, of guint64 */
  /* vnl_matrix_count_reachable() once counted (a walk of every class
   * pair, asked for by several parts of a report); G_MAXUINT64 before. */
  guint64      n_reachable;
  /* vnl_matrix_foreach_owner_pair() once counted: the owner pairs with a
   * reachable or denied endpoint pair, owner by owner (owner_counts_first,
   * g + 1), the others being none; NULL before. */
  GArray      *owner_counts;       /* owned, nullable, of OwnerCount */
  guint32     *owner_counts_first; /* owned, nullable */
};

typedef struct
{
  guint32 to;         /* owner */
  guint64 reachable;
  guint64 denied;
} OwnerCount;

/* ---------------------------------------------------------------------- */
/* Atoms                                                                  */

static void
add_range (GArray          *bounds,
           const VnlPrefix *prefix)
{
  guint64 start, end;

  vnl_prefix_range (prefix, &start, &end);
  g_array_append_val (bounds, start);
  g_array_append_val (bounds, end);
}

static void
add_ranges (GArray *bounds,
            GArray *prefixes)
{
  for (guint i = 0; prefixes != NULL && i < prefixes->len; i++)
    add_range (bounds, &g_array_index (prefixes, VnlPrefix, i));
}

static void
add_address (GArray  *bounds,
             guint32  addr,
             guint    len)
{
  VnlPrefix prefix = { addr, len };

  if (addr != 0)
    add_range (bounds, &prefix);
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* Every boundary of a prefix the data plane compares destinations with,
 * sorted: two addresses between the same two boundaries are inside exactly
 * the same prefixes. */
static GArray *
decision_bounds (VnlNetwork *net)
{
  GArray *bounds = g_array_new (FALSE, FALSE, sizeof (guint64));
  GPtrArray *lngs = vnl_design_get_objects (net->design, VNL_KIND_LNG);

  for (guint i = 0; i < G_N_ELEMENTS (_vnl_default_routes); i++)
    {
      VnlPrefix p = { _vnl_default_routes[i].addr, _vnl_default_routes[i].len };
      add_range (bounds, &p);
    }

  for (guint v = 0; v < net->vnets->len; v++)
    {
      NetVnet *nv = nvnet (net, v);

      add_ranges (bounds, nv->vnet->address_spaces);
      for (guint i = 0; i < nv->peers->len; i++)
        add_range (bounds, &g_array_index (nv->peers, PeerRoute, i).prefix);
    }

  /* Route tables (vnl-rules.c, _vnl_subnet_route): a packet leaves by its
   * source subnet's table, so the subnets they are associated with, their
   * routes and the addresses those name; an appliance leaves by the NIC
   * whose subnet holds the destination, so its NICs' subnets. */
  {
    GPtrArray *tables = vnl_design_get_objects (net->design, VNL_KIND_ROUTE_TABLE);

    for (guint t = 0; t < tables->len; t++)
      {
        VnlUdrTable *table = tables->pdata[t];

        for (guint r = 0; r < table->routes->len; r++)
          {
            add_range (bounds, &((VnlUdr *) table->routes->pdata[r])->prefix);
            add_address (bounds, ((VnlUdr *) table->routes->pdata[r])->next_hop_ip, 32);
          }
        for (guint i = 0; i < table->subnets->len; i++)
          {
            VnlUdrSubnet *assoc = table->subnets->pdata[i];
            int v = _vnl_network_vnet_of (net, assoc->vnet);
            GPtrArray *subnets = v >= 0 ? nvnet (net, v)->vnet->subnets : NULL;

            for (guint k = 0; subnets != NULL && k < subnets->len; k++)
              if (g_strcmp0 (((VnlSubnet *) subnets->pdata[k])->name, assoc->subnet) == 0)
                add_range (bounds, &((VnlSubnet *) subnets->pdata[k])->prefix);
          }
      }
    for (guint a = 0; a < net->appliances->len; a++)
      {
        NetAppliance *na = &g_array_index (net->appliances, NetAppliance, a);
        GPtrArray *subnets = nvnet (net, na->vnet)->vnet->subnets;

        for (guint k = 0; k < subnets->len; k++)
          for (guint n = 0; n < G_N_ELEMENTS (na->nics); n++)
            if (na->nics[n] != 0 && vnl_prefix_contains_ip (&((VnlSubnet *) subnets->pdata[k])->prefix, na->nics[n]))
              add_range (bounds, &((VnlSubnet *) subnets->pdata[k])->prefix);
      }
  }

  for (guint s = 0; s < net->sites->len; s++)
    add_ranges (bounds, nsite (net, s)->site->prefixes);

  for (guint i = 0; i < lngs->len; i++)
    add_ranges (bounds, ((VnlLng *) lngs->pdata[i])->prefixes);

  for (guint s = 0; s < net->sessions->len; s++)
    {
      Session *session = ses (net, s);

      add_address (bounds, session->addr[0], 32);
      add_address (bounds, session->addr[1], 32);
      if (session->kind == SES_CIRCUIT)
        add_range (bounds, &((VnlLink *) session->object)->subnet);
    }

  for (guint k = 0; k < net->speakers->len; k++)
    {
      Speaker *sp = spk (net, k);
      RibIter iter;
      Entry *entry;

      if (sp->kind == SPK_CE)
        add_address (bounds, ((VnlCe *) sp->object)->lan_address & ~1u, 31);
      _vnl_rib_iter_init (&iter, &sp->rib);
      while (_vnl_rib_iter_next (&iter, NULL, &entry))
        {
          if (entry->n_cands > 0)
            add_range (bounds, &entry_cands (entry)[0]->prefix);
        }
    }

  /* Network security groups: which groups apply (the subnets), what their
   * rules and service tags compare; the subnets also decide which route
   * table a packet leaving them takes. */
  {
    g_autoptr(GArray) prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));

    _vnl_nsg_add_prefixes (net, prefixes);
    add_ranges (bounds, prefixes);
  }

  /* Values up to 2^32, one per prefix end of every table: a few hundred
   * thousand in a large design. */
  _vnl_radix_sort ((guint64 *) bounds->data, NULL, bounds->len, 33);
  return bounds;
}

/* The number of boundaries at or below @addr: equal for two addresses
 * exactly when they are in the same atom. */
static guint
atom_of (GArray  *bounds,
         guint32  addr)
{
  guint lo = 0, hi = bounds->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (bounds, guint64, mid) <= addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---------------------------------------------------------------------- */
/* Classes                                                                */

typedef struct
{
  int      owner;    /* vnet index, or n_vnets + site index */
  gboolean up;
  guint    atom;
  guint    alone;    /* endpoint index + 1 when it is a class of its own */
  gconstpointer nic_nsg;  /* the network security group of its NIC, or NULL */
  gboolean private_endpoint;
} Key;

static guint
key_hash (gconstpointer p)
{
  const Key *k = p;
  return ((guint) k->owner * 2654435761u) ^ (k->atom * 40503u) ^ (k->alone * 97u) ^ k->up ^
         (GPOINTER_TO_UINT (k->nic_nsg) * 31u) ^ ((guint) k->private_endpoint << 1);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *x = a, *y = b;
  return x->owner == y->owner && x->up == y->up && x->atom == y->atom && x->alone == y->alone &&
         x->nic_nsg == y->nic_nsg && x->private_endpoint == y->private_endpoint;
}

static gboolean
owns_its_address (VnlNetwork *net,
                  guint       i)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, i);
  Dev *dev = g_hash_table_lookup (net->owners, GUINT_TO_POINTER (ne->endpoint->address));

  return dev != NULL && dev->kind == DEV_ENDPOINT && dev->idx == (int) i;
}

static void
make_classes (VnlMatrix *self)
{
  VnlNetwork *net = self->network;
  g_autoptr(GArray) bounds = decision_bounds (net);
  g_autoptr(GHashTable) classes = g_hash_table_new (key_hash, key_equal);
  g_autoptr(GHashTable) owners = g_hash_table_new (NULL, NULL);
  g_autofree Key *keys = g_new0 (Key, self->n);
  g_autofree guint32 *count = NULL;
  GPtrArray *names = g_ptr_array_new ();
  GArray *class_owner = g_array_new (FALSE, FALSE, sizeof (guint32));

  self->class_of = g_new (guint32, self->n);
  for (guint i = 0; i < self->n; i++)
    {
      NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, i);
      Key *key = &keys[i];
      gpointer found;

      key->owner = ne->vnet >= 0 ? ne->vnet : (int) net->vnets->len + ne->site;
      key->up = _vnl_network_obj_up (net, ne->endpoint);
      key->atom = atom_of (bounds, ne->endpoint->address);
      key->alone = owns_its_address (net, i) ? 0 : i + 1;
      /* The subnet's group follows from the atom (subnets are atoms). */
      {
        VnlNsg *subnet_nsg, *nic_nsg;

        _vnl_endpoint_nsgs (net, i, &subnet_nsg, &nic_nsg, NULL);
        key->nic_nsg = nic_nsg;
        key->private_endpoint = ne->endpoint->private_endpoint;
      }

      if (!g_hash_table_lookup_extended (owners, GINT_TO_POINTER (key->owner), NULL, &found))
        {
          found = GUINT_TO_POINTER (names->len);
          g_hash_table_insert (owners, GINT_TO_POINTER (key->owner), found);
          g_ptr_array_add (names, ne->vnet >= 0 ? nvnet (net, ne->vnet)->vnet->parent.name
                                                : nsite (net, ne->site)->site->parent.name);
        }

      if (!g_hash_table_lookup_extended (classes, key, NULL, &found))
        {
          guint32 owner = GPOINTER_TO_UINT (g_hash_table_lookup (owners, GINT_TO_POINTER (key->owner)));
          found = GUINT_TO_POINTER (g_hash_table_size (classes));
          g_hash_table_insert (classes, key, found);
          g_array_append_val (class_owner, owner);
        }
      self->class_of[i] = GPOINTER_TO_UINT (found);
    }

  self->c = g_hash_table_size (classes);
  self->g = names->len;
  self->owner_names = (const char **) g_ptr_array_free (names, FALSE);
  self->owner_of = (guint32 *) g_array_free (class_owner, FALSE);

  /* Members of each class, in endpoint order (a counting sort). */
  count = g_new0 (guint32, self->c + 1);
  for (guint i = 0; i < self->n; i++)
    count[self->class_of[i] + 1]++;
  self->first = g_new0 (guint32, self->c + 1);
  for (guint k = 0; k < self->c; k++)
    self->first[k + 1] = self->first[k] + count[k + 1];
  memcpy (count, self->first, (self->c + 1) * sizeof (guint32));
  self->members = g_new (guint32, MAX (self->n, 1));
  for (guint i = 0; i < self->n; i++)
    self->members[count[self->class_of[i]]++] = i;
}

static guint
class_size (VnlMatrix *self,
            guint      k)
{
  return self->first[k + 1] - self->first[k];
}

/* Does every flow from class @a reach class @b? */
static VnlReach
class_reach (VnlMatrix *self,
             guint      a,
             guint      b)
{
  guint from = self->members[self->first[a]];
  guint to;
  guint64 flows;

  if (a == b)
    {
      /* Distinct members of one class: its first two. */
      if (class_size (self, a) < 2)
        return VNL_REACH_ALL;
      to = self->members[self->first[a] + 1];
      flows = (guint64) class_size (self, a) * (class_size (self, a) - 1);
    }
  else
    {
      to = self->members[self->first[b]];
      flows = (guint64) class_size (self, a) * class_size (self, b);
    }

  if (flows == 1)
    return _vnl_network_endpoint_reaches (self->network, from, to) ? VNL_REACH_ALL : VNL_REACH_NONE;
  if (_vnl_matrix_force_per_pair)
    return VNL_REACH_DEPENDS;
  return _vnl_network_endpoint_reaches_any_flow (self->network, from, to);
}

static inline void
bit_set (guint64 *bits,
         guint64  k)
{
  bits[k / 64] |= (guint64) 1 << (k % 64);
}

static inline gboolean
bit_get (const guint64 *bits,
         guint64        k)
{
  return (bits[k / 64] >> (k % 64)) & 1;
}

/* The bit of ordered class pair (@a, @b) in the stored bitsets: row @a
 * starts on a word, so that rows can be filled a word at a time. */
static inline guint64
pair_bit (VnlMatrix *self,
          guint      a,
          guint      b)
{
  return (guint64) a * self->stride + b;
}

static VnlReach
stored_reach (VnlMatrix *self,
              guint      a,
              guint      b)
{
  guint64 k = pair_bit (self, a, b);

  return bit_get (self->all, k) ? VNL_REACH_ALL
       : bit_get (self->depends, k) ? VNL_REACH_DEPENDS : VNL_REACH_NONE;
}

/* Filters on the way, not only at the ends (an Azure Firewall's network
 * rules, the groups of an appliance's subnet): the walk for the flow of a
 * routed pair says whether they deny it. Every member of a class pair
 * gets the representatives' answer: the rules' prefixes are atoms; with
 * equal-cost paths through different devices, the answer is that of the
 * pair's own flow hash (an assumption for the others). */
static gboolean
path_denied (VnlMatrix *self,
             guint      from,
             guint      to)
{
  if (!self->path_filters)
    return FALSE;
  return _vnl_network_endpoint_flow_denied (self->network, from, to);
}

/* Does a network security group deny the flow from class @a to class @b?
 * Routing apart: a delivered flow meets exactly the groups of its two ends
 * (vnl-forward.c filters at the endpoints only), which every member of a
 * class shares (the same subnet, NIC group and atom), and its reply is
 * never filtered (stateful). */
static gboolean
class_denied (VnlMatrix *self,
              guint      a,
              guint      b)
{
  guint from = self->members[self->first[a]];
  guint to;

  if (self->denied != NULL)
    return bit_get (self->denied, pair_bit (self, a, b));
  if (a == b)
    {
      if (class_size (self, a) < 2)
        return FALSE;
      to = self->members[self->first[a] + 1];
    }
  else
    to = self->members[self->first[b]];
  if (!_vnl_nsg_flow_allowed (self->network, from, to, &self->flow))
    return TRUE;
  return path_denied (self, from, to);
}

/* Both directions between two classes. A ping needs both, so once one
 * direction delivers no flow the other is not walked, and both are NONE:
 * the stored answers are those of pairs, not of single directions. */
static void
class_pair_reach (VnlMatrix *self,
                  guint      a,
                  guint      b,
                  VnlReach  *to,
                  VnlReach  *from)
{
  *to = class_reach (self, a, b);
  if (a == b)
    *from = *to;
  else
    *from = *to == VNL_REACH_NONE ? VNL_REACH_NONE : class_reach (self, b, a);
  if (*from == VNL_REACH_NONE)
    *to = VNL_REACH_NONE;
}

static void
store_reach (VnlMatrix *self,
             guint      a,
             guint      b,
             VnlReach   reach)
{
  guint64 k = pair_bit (self, a, b);

  if (reach == VNL_REACH_ALL)
    bit_set (self->all, k);
  else if (reach == VNL_REACH_DEPENDS)
    bit_set (self->depends, k);
}

/* Makes class @a the row that row_reach() answers for: stored, it reads
 * the bits; streamed, row_to / row_from hold the reach to and from it. */
static void
load_class_row (VnlMatrix *self,
                guint      a)
{
  if (self->row_class == a)
    return;
  for (guint b = 0; self->all == NULL && b < self->c; b++)
    {
      VnlReach to, from;

      class_pair_reach (self, a, b, &to, &from);
      self->row_to[b] = to;
      self->row_from[b] = from;
    }
  self->row_class = a;
}

/* The reach from the loaded row's class to class @b, and back. */
static inline void
row_reach (VnlMatrix *self,
           guint      b,
           VnlReach  *to,
           VnlReach  *back)
{
  if (self->all != NULL)
    {
      *to = stored_reach (self, self->row_class, b);
      *back = stored_reach (self, b, self->row_class);
    }
  else
    {
      *to = self->row_to[b];
      *back = self->row_from[b];
    }
}

/* The first class from @b on that the loaded row may reach: stored, the
 * next bit set in the row (a pair is stored both ways or not at all,
 * fill_stored()), so that reading a row costs its words and the classes
 * it reaches; streamed, @b. */
static guint
next_class (VnlMatrix *self,
            guint      b)
{
  guint64 base;

  if (self->all == NULL || b >= self->c)
    return MIN (b, self->c);
  base = pair_bit (self, self->row_class, 0) / 64;
  for (guint w = b / 64; w < self->stride / 64; w++)
    {
      guint64 bits = self->all[base + w] | self->depends[base + w];

      if (w == b / 64)
        bits &= ~(guint64) 0 << (b % 64);
      if (bits != 0)
        return MIN (w * 64 + (guint) __builtin_ctzll (bits), self->c);
    }
  return self->c;
}

static gboolean
detached_pings (VnlMatrix *self,
                guint      i,
                guint      j,
                VnlReach   to,
                VnlReach   from)
{
  guint64 key = (guint64) i * self->n + j;
  guint lo = 0, hi;

  if (to == VNL_REACH_ALL && from == VNL_REACH_ALL)
    return TRUE;
  hi = self->pinging->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint64 k = g_array_index (self->pinging, guint64, mid);
      if (k == key)
        return TRUE;
      if (k < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* The pair once the class answers are known. */
static gboolean
pair_routed (VnlMatrix *self,
             guint      i,
             guint      j,
             VnlReach   to,
             VnlReach   from);

static gboolean
pair_reaches (VnlMatrix *self,
              guint      i,
              guint      j,
              VnlReach   to,
              VnlReach   from)
{
  if (i == j)
    return TRUE;
  if (to == VNL_REACH_NONE || from == VNL_REACH_NONE)
    return FALSE;
  if (class_denied (self, self->class_of[i], self->class_of[j]))
    return FALSE;
  return pair_routed (self, i, j, to, from);
}

/* Both directions delivered, filtering apart. */
static gboolean
pair_routed (VnlMatrix *self,
             guint      i,
             guint      j,
             VnlReach   to,
             VnlReach   from)
{
  if (to == VNL_REACH_NONE || from == VNL_REACH_NONE)
    return FALSE;
  if (self->network == NULL)
    return detached_pings (self, i, j, to, from);
  return (to == VNL_REACH_ALL || _vnl_network_endpoint_reaches (self->network, i, j)) &&
         (from == VNL_REACH_ALL || _vnl_network_endpoint_reaches (self->network, j, i));
}

/* ---------------------------------------------------------------------- */
/* Rows shared between classes                                            */
/*
 * Walked pair by pair, the stored matrix costs a walk per pair of classes:
 * quadratic. Most walks need not be taken: the walks of an endpoint of a
 * VNet to addresses outside its VNet's system routes are those of every
 * endpoint whose VNet uses the same gateways (_vnl_network_endpoint_transit_group(),
 * vnl-forward.c says why and when). Their answers, with every equal-cost
 * choice taken (VNL_REACH_ALL, _NONE or _DEPENDS), are kept per group and
 * destination class, computed the first time a member of the group needs
 * one; a class of the group takes them a word at a time and walks only to
 * the classes inside its VNet's own address space and its peers' (found
 * by address: classes are sorted by the address of their first member)
 * and, for a class pair of two single endpoints whose answer depends on
 * the flow, that pair with its own flow hash.
 *
 * A ping needs both directions: the other classes (sites, subnets with a
 * route table, a design where sources differ) are walked after, and not to
 * a class whose row is known to deliver nothing to them. Then a direction
 * is cleared where the other delivers nothing, as class_pair_reach() does.
 */

/* Tests: the rows taken from a group, counted. */
guint _vnl_matrix_shared_rows = 0;

typedef struct
{
  guint32  *order;    /* c: classes by the address of their first member */
  guint32  *addr;     /* c: those addresses, ascending */
  int      *group;    /* c: the transit group of each class, -1: none */
  guint     words;    /* per row */
  guint64 **done;     /* by group, nullable until used: the answer is known */
  guint64 **all;      /* every flow delivered */
  guint64 **any;      /* some flow delivered */
  guint     n_groups;
  guint64  *except;   /* words: the classes a row walks to itself */
} Rows;

static inline guint32
first_address (VnlMatrix *self,
               guint      k)
{
  NetEndpoint *ne = &g_array_index (self->network->endpoints, NetEndpoint, self->members[self->first[k]]);
  return ne->endpoint->address;
}

static int
compare_by_address (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  VnlMatrix *self = user_data;
  guint32 x = first_address (self, *(const guint32 *) a), y = first_address (self, *(const guint32 *) b);

  if (x != y)
    return x < y ? -1 : 1;
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

/* The first position in rows->addr at or above @addr. */
static guint
address_position (Rows    *rows,
                  guint    c,
                  guint64  addr)
{
  guint lo = 0, hi = c;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (rows->addr[mid] < addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Sets (or clears) in @bits the classes whose first member is in
 * @prefix. A prefix of a table is a bound of the atoms, so a class is
 * inside it or outside it with all its members. */
static void
mark_prefix (VnlMatrix       *self,
             Rows            *rows,
             const VnlPrefix *prefix,
             guint64         *bits,
             gboolean         set)
{
  guint64 start, end;

  vnl_prefix_range (prefix, &start, &end);
  for (guint i = address_position (rows, self->c, start); i < self->c && rows->addr[i] < end; i++)
    {
      guint k = rows->order[i];
      if (set)
        bits[k / 64] |= (guint64) 1 << (k % 64);
      else
        bits[k / 64] &= ~((guint64) 1 << (k % 64));
    }
}

/* …every prefix of speaker @sp's table. */
static void
mark_table (VnlMatrix *self,
            Rows      *rows,
            Speaker   *sp,
            guint64   *bits,
            gboolean   set)
{
  RibIter iter;
  Entry *entry;

  _vnl_rib_iter_init (&iter, &sp->rib);
  while (_vnl_rib_iter_next (&iter, NULL, &entry))
    if (entry->n_cands > 0)
      mark_prefix (self, rows, &entry_cands (entry)[0]->prefix, bits, set);
}

/* The prefixes of VNet @v's system routes (_vnl_vnet_system_route()):
 * its address space and its direct peers'. */
static void
mark_system_routes (VnlMatrix *self,
                    Rows      *rows,
                    int        v,
                    gboolean   set)
{
  NetVnet *nv = nvnet (self->network, v);
  GArray *spaces = nv->vnet->address_spaces;

  for (guint i = 0; i < spaces->len; i++)
    mark_prefix (self, rows, &g_array_index (spaces, VnlPrefix, i), rows->except, set);
  for (guint i = 0; i < nv->peers->len; i++)
    mark_prefix (self, rows, &g_array_index (nv->peers, PeerRoute, i).prefix, rows->except, set);
}

static void
rows_init (VnlMatrix *self,
           Rows      *rows)
{
  VnlNetwork *net = self->network;
  gboolean shared = !_vnl_matrix_force_per_pair && _vnl_network_transit_shared (net);

  rows->words = self->stride / 64;
  rows->order = g_new (guint32, MAX (self->c, 1));
  rows->addr = g_new (guint32, MAX (self->c, 1));
  rows->group = g_new (int, MAX (self->c, 1));
  rows->n_groups = net->vnets->len + 1;
  rows->done = g_new0 (guint64 *, rows->n_groups);
  rows->all = g_new0 (guint64 *, rows->n_groups);
  rows->any = g_new0 (guint64 *, rows->n_groups);
  rows->except = g_new0 (guint64, MAX (rows->words, 1));
  for (guint k = 0; k < self->c; k++)
    {
      rows->order[k] = k;
      rows->group[k] = shared ? _vnl_network_endpoint_transit_group (net, self->members[self->first[k]]) : -1;
    }
  g_qsort_with_data (rows->order, self->c, sizeof (guint32), compare_by_address, self);
  for (guint i = 0; i < self->c; i++)
    rows->addr[i] = first_address (self, rows->order[i]);
}

static void
rows_clear (Rows *rows)
{
  for (guint g = 0; g < rows->n_groups; g++)
    {
      g_free (rows->done[g]);
      g_free (rows->all[g]);
      g_free (rows->any[g]);
    }
  g_free (rows->done);
  g_free (rows->all);
  g_free (rows->any);
  g_free (rows->order);
  g_free (rows->addr);
  g_free (rows->group);
  g_free (rows->except);
}

/* Which classes a walk of group @g can reach, and must be walked to:
 * those with an address in a route of the gateways the group uses (all
 * the gateway rung looks up, vnet_gateway_for() in vnl-rules.c). The
 * others are known to receive nothing: the default rung sends them to
 * the Internet or to None, and an endpoint's address is neither. */
static void
group_candidates (VnlMatrix *self,
                  Rows      *rows,
                  int        g)
{
  VnlNetwork *net = self->network;
  NetVnet *owner = g > 0 ? nvnet (net, g - 1) : NULL;

  memset (rows->done[g], 0xff, rows->words * sizeof (guint64));
  for (guint t = 0; owner != NULL && t < G_N_ELEMENTS (owner->gw); t++)
    if (owner->gw[t] >= 0)
      mark_table (self, rows, spk (net, owner->gw[t]), rows->done[g], FALSE);
}

/* The row of class @a, of group rows->group[a], from the group's answers. */
static void
shared_row (VnlMatrix *self,
            Rows      *rows,
            guint      a)
{
  VnlNetwork *net = self->network;
  guint from = self->members[self->first[a]];
  int v = g_array_index (net->endpoints, NetEndpoint, from).vnet;
  int g = rows->group[a];
  guint64 *done, *all, *any;
  guint64 base = pair_bit (self, a, 0) / 64;

  if (rows->done[g] == NULL)
    {
      rows->done[g] = g_new0 (guint64, rows->words);
      rows->all[g] = g_new0 (guint64, rows->words);
      rows->any[g] = g_new0 (guint64, rows->words);
      group_candidates (self, rows, g);
    }
  done = rows->done[g];
  all = rows->all[g];
  any = rows->any[g];

  mark_system_routes (self, rows, v, TRUE);
  rows->except[a / 64] |= (guint64) 1 << (a % 64);

  for (guint w = 0; w < rows->words; w++)
    {
      guint64 need = ~done[w] & ~rows->except[w];
      guint64 depends;

      for (; need != 0; need &= need - 1)
        {
          guint b = w * 64 + __builtin_ctzll (need);
          guint64 bit = (guint64) 1 << (b % 64);
          VnlReach r = _vnl_network_endpoint_reaches_any_flow (net, from, self->members[self->first[b]]);

          done[w] |= bit;
          if (r != VNL_REACH_NONE)
            any[w] |= bit;
          if (r == VNL_REACH_ALL)
            all[w] |= bit;
        }

      self->all[base + w] = all[w] & ~rows->except[w];
      depends = any[w] & ~all[w] & ~rows->except[w];
      self->depends[base + w] = depends;
      /* Two single endpoints: their own flow decides. */
      for (; depends != 0; depends &= depends - 1)
        {
          guint b = w * 64 + __builtin_ctzll (depends);

          if (class_size (self, a) * class_size (self, b) == 1)
            {
              self->depends[base + w] &= ~((guint64) 1 << (b % 64));
              store_reach (self, a, b, class_reach (self, a, b));
            }
        }
    }

  /* Inside the VNet's system routes, and the class itself: walked. */
  for (guint w = 0; w < rows->words; w++)
    for (guint64 bits = rows->except[w]; bits != 0; bits &= bits - 1)
      {
        guint b = w * 64 + __builtin_ctzll (bits);

        store_reach (self, a, b, class_reach (self, a, b));
      }
  mark_system_routes (self, rows, v, FALSE);
  rows->except[a / 64] &= ~((guint64) 1 << (a % 64));
  _vnl_matrix_shared_rows++;
}

/* The classes a walk from class @a can reach, in rows->except: every
 * class, but for an endpoint of a site, whose packet crosses the site's
 * routed hops, if any, and goes to one of its CEs (vnl-forward.c:
 * step_endpoint(), step_site_hop(), choose_ce(), arrive_ce()): the classes
 * inside the site's prefixes or a route of one of its CEs. A hop
 * delivers inside the site's prefixes and passes anything else on towards
 * the CEs, unchanged; for any other address the CE has no route (or the
 * Internet, where no endpoint is). */
static void
row_candidates (VnlMatrix *self,
                Rows      *rows,
                guint      a,
                gboolean   set)
{
  VnlNetwork *net = self->network;
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, self->members[self->first[a]]);
  NetSite *ns = ne->site >= 0 ? nsite (net, ne->site) : NULL;
  GArray *prefixes;

  if (ns == NULL)
    {
      memset (rows->except, set ? 0xff : 0, rows->words * sizeof (guint64));
      return;
    }
  prefixes = ns->site->prefixes;
  for (guint i = 0; i < prefixes->len; i++)
    mark_prefix (self, rows, &g_array_index (prefixes, VnlPrefix, i), rows->except, set);
  for (guint i = 0; i < ns->ces->len; i++)
    mark_table (self, rows, spk (net, g_array_index (ns->ces, int, i)), rows->except, set);
  if (set)
    rows->except[a / 64] |= (guint64) 1 << (a % 64);
  else
    rows->except[a / 64] &= ~((guint64) 1 << (a % 64));
}

/* The row of class @a walked pair by pair, to the classes it can reach
 * but those whose row is known (@known) and delivers nothing to @a. */
static void
walked_row (VnlMatrix *self,
            Rows      *rows,
            guint      a,
            gboolean  *known)
{
  row_candidates (self, rows, a, TRUE);
  for (guint w = 0; w < rows->words; w++)
    for (guint64 bits = rows->except[w]; bits != 0; bits &= bits - 1)
      {
        guint b = w * 64 + __builtin_ctzll (bits);

        if (b >= self->c || (b != a && known[b] && stored_reach (self, b, a) == VNL_REACH_NONE))
          continue;
        store_reach (self, a, b, class_reach (self, a, b));
      }
  row_candidates (self, rows, a, FALSE);
}

/* Computes the stored bits; FALSE when cancelled. */
static gboolean
fill_stored (VnlMatrix    *self,
             GCancellable *cancellable)
{
  VnlNetwork *net = self->network;
  gsize words = (gsize) self->c * (self->stride / 64);
  gboolean has_groups = vnl_design_get_objects (net->design, VNL_KIND_NSG)->len > 0 || self->path_filters;
  g_autofree gboolean *known = g_new0 (gboolean, MAX (self->c, 1));
  Rows rows = { 0 };

  self->all = g_new0 (guint64, MAX (words, 1));
  self->depends = g_new0 (guint64, MAX (words, 1));
  self->denied = g_new0 (guint64, MAX (words, 1));

  rows_init (self, &rows);
  /* The shared rows first, then the others. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint a = 0; a < self->c; a++)
      {
        if ((rows.group[a] >= 0) != (pass == 0))
          continue;
        if (g_cancellable_is_cancelled (cancellable))
          {
            rows_clear (&rows);
            return FALSE;
          }
        if (pass == 0)
          shared_row (self, &rows, a);
        else
          walked_row (self, &rows, a, known);
        known[a] = TRUE;
      }
  rows_clear (&rows);

  /* Both directions or none; then what a filter denies of what is routed
   * (class_denied() walks while the bits are being filled). */
  for (guint a = 0; a < self->c; a++)
    for (guint w = 0; w < self->stride / 64; w++)
      {
        guint64 at = pair_bit (self, a, 0) / 64 + w;

        for (guint64 bits = self->all[at] | self->depends[at]; bits != 0; bits &= bits - 1)
          {
            guint b = w * 64 + __builtin_ctzll (bits);

            if (stored_reach (self, b, a) == VNL_REACH_NONE)
              {
                self->all[at] &= ~((guint64) 1 << (b % 64));
                self->depends[at] &= ~((guint64) 1 << (b % 64));
              }
          }
      }
  if (has_groups)
    {
      guint64 *denied = g_steal_pointer (&self->denied);

      for (guint a = 0; a < self->c; a++)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              self->denied = denied;
              return FALSE;
            }
          for (guint w = 0; w < self->stride / 64; w++)
            {
              guint64 at = pair_bit (self, a, 0) / 64 + w;

              for (guint64 bits = self->all[at] | self->depends[at]; bits != 0; bits &= bits - 1)
                {
                  guint b = w * 64 + __builtin_ctzll (bits);

                  if (class_denied (self, a, b))
                    bit_set (denied, pair_bit (self, a, b));
                }
            }
        }
      self->denied = denied;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Public                                                                 */

/**
 * vnl_matrix_new:
 * @network: a converged network, borrowed unchanged while the matrix lives
 *
 * Returns: (transfer full) (nullable): the matrix, NULL when cancelled
 */
VnlMatrix *
vnl_matrix_new (VnlNetwork   *network,
                GCancellable *cancellable)
{
  g_autoptr(VnlMatrix) self = g_new0 (VnlMatrix, 1);

  g_return_val_if_fail (VNL_IS_NETWORK (network), NULL);

  self->network = g_object_ref (network);
  self->flow = *vnl_network_get_flow (network);
  self->path_filters = _vnl_network_filters_on_path (network);
  self->n = network->endpoints->len;
  self->endpoints = g_ptr_array_sized_new (self->n);
  for (guint i = 0; i < self->n; i++)
    g_ptr_array_add (self->endpoints, g_array_index (network->endpoints, NetEndpoint, i).endpoint);
  self->row_class = G_MAXUINT;
  self->n_reachable = G_MAXUINT64;
  make_classes (self);
  self->stride = ((guint64) self->c + 63) / 64 * 64;
  self->row_to = g_new0 (guint8, MAX (self->c, 1));
  self->row_from = g_new0 (guint8, MAX (self->c, 1));

  if (self->c <= _vnl_matrix_max_stored_classes && !fill_stored (self, cancellable))
    return NULL;

  return g_steal_pointer (&self);
}

void
vnl_matrix_free (VnlMatrix *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->network);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->pinging, g_array_unref);
  g_clear_pointer (&self->owner_counts, g_array_unref);
  g_free (self->owner_counts_first);
  g_free (self->class_of);
  g_free (self->members);
  g_free (self->first);
  g_free (self->owner_of);
  g_free (self->owner_names);
  g_free (self->all);
  g_free (self->depends);
  g_free (self->denied);
  g_free (self->row_to);
  g_free (self->row_from);
  g_free (self);
}

guint
vnl_matrix_get_n_endpoints (VnlMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n;
}

VnlEndpoint *
vnl_matrix_get_endpoint (VnlMatrix *self,
                         guint      i)
{
  g_return_val_if_fail (self != NULL && i < self->n, NULL);
  return self->endpoints->pdata[i];
}

guint
vnl_matrix_get_n_classes (VnlMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->c;
}

guint
vnl_matrix_get_class (VnlMatrix *self,
                      guint      i)
{
  g_return_val_if_fail (self != NULL && i < self->n, 0);
  return self->class_of[i];
}

guint
vnl_matrix_get_n_owners (VnlMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->g;
}

gboolean
vnl_matrix_get (VnlMatrix *self,
                guint      from,
                guint      to)
{
  guint a, b;

  g_return_val_if_fail (self != NULL && from < self->n && to < self->n, FALSE);

  if (from == to)
    return TRUE;
  a = self->class_of[from];
  b = self->class_of[to];
  if (self->all != NULL)
    return pair_reaches (self, from, to, stored_reach (self, a, b), stored_reach (self, b, a));
  load_class_row (self, a);
  {
    VnlReach there, back;

    row_reach (self, b, &there, &back);
    return pair_reaches (self, from, to, there, back);
  }
}

VnlMatrixCell
vnl_matrix_get_cell (VnlMatrix *self,
                     guint      from,
                     guint      to)
{
  guint a, b;
  VnlReach there, back;

  g_return_val_if_fail (self != NULL && from < self->n && to < self->n, VNL_MATRIX_UNROUTED);

  if (from == to)
    return VNL_MATRIX_REACHABLE;
  a = self->class_of[from];
  b = self->class_of[to];
  if (self->all != NULL)
    {
      there = stored_reach (self, a, b);
      back = stored_reach (self, b, a);
    }
  else
    {
      load_class_row (self, a);
      row_reach (self, b, &there, &back);
    }
  if (there == VNL_REACH_NONE || back == VNL_REACH_NONE)
    return VNL_MATRIX_UNROUTED;
  if (class_denied (self, a, b))
    return self->network == NULL || pair_routed (self, from, to, there, back)
           ? VNL_MATRIX_DENIED : VNL_MATRIX_UNROUTED;
  return pair_routed (self, from, to, there, back) ? VNL_MATRIX_REACHABLE : VNL_MATRIX_UNROUTED;
}

gsize
vnl_matrix_row_words (VnlMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return MAX ((self->n + 63) / 64, 1);
}

void
vnl_matrix_get_row (VnlMatrix *self,
                    guint      from,
                    guint64   *bits)
{
  guint a;

  g_return_if_fail (self != NULL && from < self->n && bits != NULL);

  a = self->class_of[from];
  load_class_row (self, a);
  memset (bits, 0, vnl_matrix_row_words (self) * sizeof (guint64));
  for (guint b = next_class (self, 0); b < self->c; b = next_class (self, b + 1))
    {
      VnlReach to, back;

      row_reach (self, b, &to, &back);
      if (to == VNL_REACH_NONE || back == VNL_REACH_NONE || class_denied (self, a, b))
        continue;
      for (guint m = self->first[b]; m < self->first[b + 1]; m++)
        if (pair_reaches (self, from, self->members[m], to, back))
          bit_set (bits, self->members[m]);
    }
  bit_set (bits, from);
}

/* Reachable ordered pairs of distinct endpoints from class @a to class @b. */
static guint64
count_class_pair (VnlMatrix *self,
                  guint      a,
                  guint      b)
{
  VnlReach to, back;
  guint64 n = 0;

  g_assert (self->row_class == a);
  row_reach (self, b, &to, &back);
  if (to == VNL_REACH_NONE || back == VNL_REACH_NONE)
    return 0;
  if (class_denied (self, a, b))
    return 0;
  if (to == VNL_REACH_ALL && back == VNL_REACH_ALL)
    return a == b ? (guint64) class_size (self, a) * (class_size (self, a) - 1)
                  : (guint64) class_size (self, a) * class_size (self, b);
  for (guint x = self->first[a]; x < self->first[a + 1]; x++)
    for (guint y = self->first[b]; y < self->first[b + 1]; y++)
      if (self->members[x] != self->members[y] &&
          pair_reaches (self, self->members[x], self->members[y], to, back))
        n++;
  return n;
}

/* Ordered pairs of distinct endpoints from class @a to class @b routed
 * both ways but denied (as vnl_matrix_get_cell() says VNL_MATRIX_DENIED). */
static guint64
count_class_pair_denied (VnlMatrix *self,
                         guint      a,
                         guint      b)
{
  VnlReach to, back;
  guint64 n = 0;

  g_assert (self->row_class == a);
  row_reach (self, b, &to, &back);
  if (to == VNL_REACH_NONE || back == VNL_REACH_NONE || !class_denied (self, a, b))
    return 0;
  if ((to == VNL_REACH_ALL && back == VNL_REACH_ALL) || self->network == NULL)
    return a == b ? (guint64) class_size (self, a) * (class_size (self, a) - 1)
                  : (guint64) class_size (self, a) * class_size (self, b);
  for (guint x = self->first[a]; x < self->first[a + 1]; x++)
    for (guint y = self->first[b]; y < self->first[b + 1]; y++)
      if (self->members[x] != self->members[y] &&
          pair_routed (self, self->members[x], self->members[y], to, back))
        n++;
  return n;
}

guint64
vnl_matrix_count_reachable (VnlMatrix *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* The matrix's answers never change (detaching keeps them). */
  if (self->n_reachable != G_MAXUINT64)
    return self->n_reachable;
  for (guint a = 0; a < self->c; a++)
    {
      load_class_row (self, a);
      for (guint b = next_class (self, 0); b < self->c; b = next_class (self, b + 1))
        n += count_class_pair (self, a, b);
    }
  return self->n_reachable = n;
}

/* The counts of every owner pair, walked once per matrix: a report asks
 * for them three times (reachability and flows tables, the JSON matrix),
 * and each walk reads every pair of classes. */
static void
count_owner_pairs (VnlMatrix    *self,
                   const guint32 *owner_first,
                   const guint32 *classes_by_owner)
{
  g_autofree guint64 *reachable = g_new0 (guint64, MAX (self->g, 1));
  g_autofree guint64 *denied = g_new0 (guint64, MAX (self->g, 1));

  self->owner_counts = g_array_new (FALSE, FALSE, sizeof (OwnerCount));
  self->owner_counts_first = g_new0 (guint32, self->g + 1);
  for (guint o = 0; o < self->g; o++)
    {
      memset (reachable, 0, self->g * sizeof (guint64));
      memset (denied, 0, self->g * sizeof (guint64));
      for (guint x = owner_first[o]; x < owner_first[o + 1]; x++)
        {
          guint a = classes_by_owner[x];

          load_class_row (self, a);
          for (guint b = next_class (self, 0); b < self->c; b = next_class (self, b + 1))
            {
              reachable[self->owner_of[b]] += count_class_pair (self, a, b);
              denied[self->owner_of[b]] += count_class_pair_denied (self, a, b);
            }
        }
      for (guint p = 0; p < self->g; p++)
        if (reachable[p] > 0 || denied[p] > 0)
          {
            OwnerCount count = { p, reachable[p], denied[p] };

            g_array_append_val (self->owner_counts, count);
          }
      self->owner_counts_first[o + 1] = self->owner_counts->len;
    }
}

void
vnl_matrix_foreach_owner_pair (VnlMatrix             *self,
                               VnlMatrixOwnerPairFunc func,
                               gpointer               user_data)
{
  g_autofree guint64 *sizes = NULL;
  g_autofree guint32 *classes_by_owner = NULL;
  g_autofree guint32 *owner_first = NULL;

  g_return_if_fail (self != NULL && func != NULL);

  /* Endpoints per owner, and the classes of each owner. */
  sizes = g_new0 (guint64, MAX (self->g, 1));
  owner_first = g_new0 (guint32, self->g + 1);
  for (guint k = 0; k < self->c; k++)
    {
      sizes[self->owner_of[k]] += class_size (self, k);
      owner_first[self->owner_of[k] + 1]++;
    }
  for (guint o = 0; o < self->g; o++)
    owner_first[o + 1] += owner_first[o];
  if (self->owner_counts == NULL)
    {
      classes_by_owner = g_new (guint32, MAX (self->c, 1));
      {
        g_autofree guint32 *fill = g_memdup2 (owner_first, (self->g + 1) * sizeof (guint32));
        for (guint k = 0; k < self->c; k++)
          classes_by_owner[fill[self->owner_of[k]]++] = k;
      }
      count_owner_pairs (self, owner_first, classes_by_owner);
    }

  for (guint o = 0; o < self->g; o++)
    {
      guint next = self->owner_counts_first[o];

      for (guint p = 0; p < self->g; p++)
        {
          OwnerCount none = { p, 0, 0 };
          const OwnerCount *count = &none;
          VnlMatrixOwnerPair pair;

          if (next < self->owner_counts_first[o + 1] &&
              g_array_index (self->owner_counts, OwnerCount, next).to == p)
            count = &g_array_index (self->owner_counts, OwnerCount, next++);
          pair = (VnlMatrixOwnerPair) {
            self->owner_names[o], self->owner_names[p],
            o == p ? sizes[o] * (sizes[o] - 1) : sizes[o] * sizes[p],
            count->reachable, count->denied,
          };
          if (!func (&pair, user_data))
            return;
        }
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return compare_u64 (a, b);
}

/**
 * vnl_matrix_detach:
 *
 * Answers every pair that still needs a walk now, and lets go of the
 * network, which may then change (what-if) while the matrix is kept to be
 * compared with the next one. FALSE, with the matrix unchanged, when that
 * would hold more than %VNL_MATRIX_MAX_DETACHED_PAIRS pairs or the classes
 * are too many to be stored.
 */
gboolean
vnl_matrix_detach (VnlMatrix *self)
{
  g_autoptr(GArray) pinging = NULL;
  guint64 pairs = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->network == NULL)
    return TRUE;
  if (self->all == NULL)
    return FALSE;

  for (guint a = 0; a < self->c; a++)
    for (guint b = 0; b < self->c; b++)
      {
        VnlReach to = stored_reach (self, a, b), from = stored_reach (self, b, a);
        if (to != VNL_REACH_NONE && from != VNL_REACH_NONE &&
            (to == VNL_REACH_DEPENDS || from == VNL_REACH_DEPENDS))
          pairs += (guint64) class_size (self, a) * class_size (self, b);
      }
  if (pairs > VNL_MATRIX_MAX_DETACHED_PAIRS)
    return FALSE;

  pinging = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint a = 0; a < self->c; a++)
    for (guint b = 0; b < self->c; b++)
      {
        VnlReach to = stored_reach (self, a, b), from = stored_reach (self, b, a);

        if (to == VNL_REACH_NONE || from == VNL_REACH_NONE ||
            (to == VNL_REACH_ALL && from == VNL_REACH_ALL))
          continue;
        for (guint x = self->first[a]; x < self->first[a + 1]; x++)
          for (guint y = self->first[b]; y < self->first[b + 1]; y++)
            {
              guint i = self->members[x], j = self->members[y];
              if (i != j && pair_reaches (self, i, j, to, from))
                {
                  guint64 key = (guint64) i * self->n + j;
                  g_array_append_val (pinging, key);
                }
            }
      }
  g_array_sort (pinging, compare_keys);
  self->pinging = g_steal_pointer (&pinging);
  self->row_class = G_MAXUINT;
  g_clear_object (&self->network);
  return TRUE;
}
