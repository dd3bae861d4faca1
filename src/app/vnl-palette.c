/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-palette"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-edit.h"
#include "vnl-palette.h"
#include "vnl-renderer.h"

/*
 * One tile per object kind. Drag a tile onto the canvas to place it there;
 * activating a tile emits ::place so the window can put it in the middle
 * of the view.
 */

struct _VnlPalette
{
  GtkWidget  parent_instance;
  GtkWidget *box;   /* child */
};

G_DEFINE_FINAL_TYPE (VnlPalette, vnl_palette, GTK_TYPE_WIDGET)

enum {
  PLACE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const VnlIcon place_icons[VNL_N_PLACES] = {
  [VNL_PLACE_VNET]        = VNL_ICON_VNET,
  [VNL_PLACE_VPN_GATEWAY] = VNL_ICON_VPN_GATEWAY,
  [VNL_PLACE_ER_GATEWAY]  = VNL_ICON_ER_GATEWAY,
  [VNL_PLACE_ENDPOINT]    = VNL_ICON_ENDPOINT,
  [VNL_PLACE_CIRCUIT]     = VNL_ICON_CIRCUIT,
  [VNL_PLACE_SITE]        = VNL_ICON_SITE,
  [VNL_PLACE_CE]          = VNL_ICON_CE,
  [VNL_PLACE_LNG]         = VNL_ICON_LNG,
  [VNL_PLACE_ROUTE_TABLE] = VNL_ICON_ROUTE_TABLE,
};

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 const char    *id)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, id);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *image)
{
  GdkPaintable *paintable = gtk_image_get_paintable (GTK_IMAGE (image));

  if (paintable != NULL)
    gtk_drag_source_set_icon (source, paintable, 20, 20);
}

static void
on_clicked (GtkButton  *button,
            VnlPalette *self)
{
  g_signal_emit (self, signals[PLACE], 0, g_object_get_data (G_OBJECT (button), "vnl-place"));
}

static void
vnl_palette_dispose (GObject *object)
{
  VnlPalette *self = (VnlPalette *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (vnl_palette_parent_class)->dispose (object);
}

static void
vnl_palette_class_init (VnlPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_palette_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vnlpalette");

  /* ::place (id): a tile was activated. */
  signals[PLACE] =
    g_signal_new ("place", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vnl_palette_init (VnlPalette *self)
{
  GtkWidget *heading;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 6);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 8);

  heading = gtk_label_new (_("Drag onto the canvas"));
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_add_css_class (heading, "caption");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 6);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_box_append (GTK_BOX (self->box), heading);

  for (guint i = 0; i < VNL_N_PLACES; i++)
    {
      g_autofree char *path = g_strconcat ("/io/github/vnetlab/VNetLab/icons/",
                                           vnl_icon_get_resource (place_icons[i]), NULL);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *image = gtk_image_new_from_resource (path);
      GtkWidget *label = gtk_label_new (vnl_place_get_label (i));
      GtkDragSource *source = gtk_drag_source_new ();

      gtk_image_set_pixel_size (GTK_IMAGE (image), 28);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (row), image);
      gtk_box_append (GTK_BOX (row), label);
      gtk_button_set_child (GTK_BUTTON (button), row);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, vnl_place_get_hint (i));
      g_object_set_data (G_OBJECT (button), "vnl-place", (gpointer) vnl_place_to_id (i));
      gtk_widget_set_name (button, vnl_place_to_id (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), self);

      gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
      g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), (gpointer) vnl_place_to_id (i));
      g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), image);
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (source));
      gtk_box_append (GTK_BOX (self->box), button);
    }
}

GtkWidget *
vnl_palette_new (void)
{
  return g_object_new (VNL_TYPE_PALETTE, NULL);
}
