/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-export"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vnl-export-private.h"
#include "vnl-renderer.h"
#include "vnl-render-resources.h"

/* The draw.io (diagrams.net) file of a design: one vertex per node with the
 * renderer's icon as a data URI, one frame per VNet and site, one edge per
 * link and connection in the legend's styles. */

/* draw.io */

typedef struct
{
  const char *fill;
  const char *stroke;
  const char *dash;       /* nullable */
  double      width;
} EdgeStyle;

/* The link styles of the renderer's legend, as draw.io colours. */
static EdgeStyle
edge_style (VnlKind kind)
{
  switch (vnl_link_style_for_kind (kind))
    {
    case VNL_LINK_STYLE_PEERING:       return (EdgeStyle) { NULL, "#0D9488", NULL, 3 };
    case VNL_LINK_STYLE_ER_CONNECTION: return (EdgeStyle) { NULL, "#7A40C4", NULL, 3 };
    case VNL_LINK_STYLE_CIRCUIT_LINK:  return (EdgeStyle) { NULL, "#4A298C", "10 3 2 3", 2 };
    case VNL_LINK_STYLE_S2S:           return (EdgeStyle) { NULL, "#E07A1A", "7 4", 2 };
    case VNL_LINK_STYLE_V2V:           return (EdgeStyle) { NULL, "#1A73D9", "7 4", 2 };
    case VNL_LINK_STYLE_GLOBAL_REACH:  return (EdgeStyle) { NULL, "#7A40C4", "1 6", 3 };
    case VNL_N_LINK_STYLES:
    default:                           return (EdgeStyle) { NULL, "#555555", NULL, 2 };
    }
}

static char *
icon_data_uri (const char *icon)
{
  g_autofree char *path = g_strconcat (VNL_ICON_RESOURCE_PREFIX, icon, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *b64 = NULL;

  vnl_render_get_resource ();
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  b64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* draw.io styles separate keys with ';': the data URI must not have one. */
  return g_strconcat ("data:image/svg+xml,", b64, NULL);
}

static void
xml_attr (GString    *out,
          const char *name,
          const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);
  GString *tmp = g_string_new (escaped);

  /* Line breaks inside labels survive as character references. */
  g_string_replace (tmp, "\n", "&#xa;", 0);
  g_string_append_printf (out, " %s=\"%s\"", name, tmp->str);
  g_string_free (tmp, TRUE);
}

static char *
node_label (VnlDesign *design,
            VnlObject *object)
{
  char addr[16];

  switch (object->kind)
    {
    case VNL_KIND_VNET:
      {
        GArray *spaces = ((VnlVnet *) object)->address_spaces;
        if (spaces != NULL && spaces->len > 0)
          {
            char prefix[20];
            vnl_prefix_format (&g_array_index (spaces, VnlPrefix, 0), prefix);
            return g_strdup_printf ("%s\n%s", object->name, prefix);
          }
      }
      break;
    case VNL_KIND_ENDPOINT:
      vnl_ip_format (((VnlEndpoint *) object)->address, addr);
      return g_strdup_printf ("%s\n%s", object->name, addr);
    case VNL_KIND_GATEWAY:
      return g_strdup_printf ("%s\nASN %u", object->name, ((VnlGateway *) object)->asn);
    case VNL_KIND_CE:
      return g_strdup_printf ("%s\nASN %u", object->name, ((VnlCe *) object)->asn);
    case VNL_KIND_CIRCUIT:
      return g_strdup_printf ("%s\n%u Mbps", object->name, ((VnlCircuit *) object)->bandwidth_mbps);
    case VNL_KIND_LOCATION:
    case VNL_KIND_LINK:
    case VNL_KIND_SITE:
    case VNL_KIND_LNG:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_KIND_ROUTE_TABLE:
    case VNL_KIND_APPLIANCE:
    case VNL_KIND_FIREWALL:
    case VNL_KIND_NSG:
    case VNL_KIND_VIRTUAL_WAN:
    case VNL_KIND_VIRTUAL_HUB:
    case VNL_KIND_HUB_CONNECTION:
    case VNL_KIND_HUB_ROUTE_TABLE:
    case VNL_N_KINDS:
    default:
      break;
    }
  return g_strdup (object->name);
}

char *
vnl_export_design_to_drawio (VnlDesign *design)
{
  g_autoptr(VnlRenderer) renderer = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  /* icon name → data URI (or NULL when missing), owned */
  g_autoptr(GHashTable) icons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *title;
  double s = VNL_RENDER_ICON_SIZE;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  renderer = vnl_renderer_new (design);
  title = vnl_design_get_title (design);

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<mxfile host=\"vnetlab\" agent=\"vnetlab " PACKAGE_VERSION "\">\n  <diagram");
  xml_attr (out, "id", "vnetlab-design");
  xml_attr (out, "name", title != NULL && *title ? title : "Design");
  g_string_append (out, ">\n    <mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" "
                        "tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"0\" "
                        "pageScale=\"1\" math=\"0\" shadow=\"0\">\n      <root>\n"
                        "        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n");

  /* Container frames first, so that they lie behind everything. */
  for (guint k = 0; k < 2; k++)
    {
      gboolean vnet = k == 0;
      GPtrArray *objects = vnl_design_get_objects (design, vnet ? VNL_KIND_VNET : VNL_KIND_SITE);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autofree char *id = g_strconcat ("frame:", object->name, NULL);
          VnlRect r;

          if (!vnl_renderer_get_frame (renderer, object, &r))
            continue;
          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", "");
          g_string_append_printf (out, " style=\"rounded=1;arcSize=6;whiteSpace=wrap;html=1;"
                                       "fillColor=%s;strokeColor=%s;%s\" vertex=\"1\" parent=\"1\">\n"
                                       "          <mxGeometry x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                                       "height=\"%.1f\" as=\"geometry\"/>\n        </mxCell>\n",
                                  vnet ? "#EEF5FC" : "#F1F3F4", vnet ? "#6699CC" : "#8896A0",
                                  vnet ? "" : "dashed=1;", r.x, r.y, r.width, r.height);
        }
    }

  /* Nodes: the icon as an image, the label below it. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *icon;
          const char *uri = NULL;
          g_autofree char *label = NULL;
          g_autofree char *id = NULL;

          if (!vnl_object_is_node (object) || !object->has_pos)
            continue;
          icon = vnl_icon_for_object (object);
          if (icon != NULL && !g_hash_table_lookup_extended (icons, icon, NULL, (gpointer *) &uri))
            {
              uri = icon_data_uri (icon);
              g_hash_table_insert (icons, (gpointer) icon, (gpointer) uri);
            }
          label = node_label (design, object);
          id = g_strconcat ("node:", object->name, NULL);

          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", label);
          g_string_append_printf (out, " style=\"shape=image;html=0;verticalLabelPosition=bottom;"
                                       "verticalAlign=top;labelBackgroundColor=#FFFFFF;fontSize=11;"
                                       "aspect=fixed;imageAspect=0;%s%s%s\" vertex=\"1\" parent=\"1\">\n",
                                  object->up ? "" : "opacity=45;fontColor=#C62828;",
                                  uri != NULL ? "image=" : "",
                                  uri != NULL ? uri : "");
          g_string_append_printf (out, "          <mxGeometry x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" "
                                       "height=\"%.0f\" as=\"geometry\"/>\n        </mxCell>\n",
                                  object->pos.x - s / 2, object->pos.y - s / 2, s, s);
        }
    }

  /* Edges. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a = NULL, *b = NULL;
          g_autofree char *id = NULL;
          g_autofree char *source = NULL;
          g_autofree char *target = NULL;
          EdgeStyle style;

          if (vnl_object_is_node (object) || !vnl_object_get_ends (object, &a, &b) ||
              a == NULL || b == NULL || vnl_design_lookup (design, a) == NULL ||
              vnl_design_lookup (design, b) == NULL)
            continue;
          style = edge_style (object->kind);
          id = g_strconcat ("edge:", object->name, NULL);
          source = g_strconcat ("node:", a, NULL);
          target = g_strconcat ("node:", b, NULL);
          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", object->name);
          g_string_append_printf (out, " style=\"endArrow=none;startArrow=none;html=0;rounded=0;"
                                       "fontSize=9;fontStyle=2;labelBackgroundColor=#FFFFFF;"
                                       "strokeColor=%s;strokeWidth=%.0f;%s%s%s%s\" edge=\"1\" "
                                       "parent=\"1\"",
                                  object->up ? style.stroke : "#C62828", style.width,
                                  style.dash != NULL || !object->up ? "dashed=1;dashPattern=" : "",
                                  !object->up ? "4 4" : style.dash != NULL ? style.dash : "",
                                  style.dash != NULL || !object->up ? ";" : "",
                                  object->kind == VNL_KIND_LINK ? "fontColor=#4A298C;" : "");
          xml_attr (out, "source", source);
          xml_attr (out, "target", target);
          g_string_append (out, ">\n          <mxGeometry relative=\"1\" as=\"geometry\">");
          if (object->bends != NULL && object->bends->len > 0)
            {
              g_string_append (out, "\n            <Array as=\"points\">\n");
              for (guint p = 0; p < object->bends->len; p++)
                {
                  VnlPoint *pt = &g_array_index (object->bends, VnlPoint, p);
                  g_string_append_printf (out, "              <mxPoint x=\"%.1f\" y=\"%.1f\"/>\n",
                                          pt->x, pt->y);
                }
              g_string_append (out, "            </Array>\n          ");
            }
          g_string_append (out, "</mxGeometry>\n        </mxCell>\n");
        }
    }

  g_string_append (out, "      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

