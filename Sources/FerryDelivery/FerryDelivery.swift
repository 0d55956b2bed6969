// FerryDelivery: see ../shared/DESIGN.md (Layers) for what this target owns.
