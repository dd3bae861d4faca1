/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * Synthetic designs for tests and benchmarks: hub-and-spoke VNets, ExpressRoute
 * circuits, on-premises sites with CE routers, S2S VPN backups and a few
 * VNet-to-VNet connections, laid out on a grid. The same options (seed
 * included) always give the same design, object for object.
 */

#define VNL_GENERATE_ERROR (vnl_generate_error_quark ())

typedef enum
{
  VNL_GENERATE_ERROR_INVALID_OPTIONS,
} VnlGenerateError;

GQuark vnl_generate_error_quark (void);

/* Upper bounds of the address plan (see vnl-generate.c). */
#define VNL_GENERATE_MAX_VNETS      32768   /* /24s in 10.0.0.0/9 */
#define VNL_GENERATE_MAX_SITES      4096    /* /29 transits in 192.168.128.0/17 */
#define VNL_GENERATE_MAX_CIRCUITS   4096    /* /30 pairs in 192.168.0.0/17 */
#define VNL_GENERATE_MAX_PREFIXES   53248   /* /24 slots of the on-premises pools */

typedef struct
{
  guint   n_vnets;      /* >= 1; one hub per 10 VNets */
  guint   n_sites;      /* on-premises sites */
  guint   n_circuits;   /* ExpressRoute circuits */
  guint   n_prefixes;   /* on-premises prefixes over all sites, >= n_sites */
  guint32 seed;
  /* The landing zone's user-defined routes: a route table on every
   * spoke's default subnet sending 0.0.0.0/0 to its hub's appliance, and
   * one on each hub's GatewaySubnet sending its spokes' spaces there. */
  gboolean route_tables;
} VnlGenerateOptions;

/* Fills @opts with the defaults: 100 VNets, 20 sites, 10 circuits,
 * 2,000 prefixes, seed 1. */
void        vnl_generate_options_init (VnlGenerateOptions        *opts);
/* FALSE with VNL_GENERATE_ERROR_INVALID_OPTIONS when a number is out of
 * range. */
gboolean    vnl_generate_options_check (const VnlGenerateOptions *opts,
                                        GError                  **error);
VnlDesign  *vnl_generate_design       (const VnlGenerateOptions *opts,
                                       GError                  **error);
/* A Virtual WAN (vnl-generate-vwan.c): @n_hubs hubs in as many Azure
 * regions, each with a branch over VPN (every fifth with a data centre
 * over ExpressRoute), and @n_connections spoke VNets connected to them
 * round-robin. */
VnlDesign  *vnl_generate_vwan_design  (guint                     n_hubs,
                                       guint                     n_connections,
                                       GError                  **error);



G_END_DECLS
