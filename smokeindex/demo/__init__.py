"""The demo: the main job run end to end on the embedded store (grows as the pipeline grows)."""
