"""The 冒烟指数 (smoke index) and graded warnings: fuse the ten rule dimensions and the network model into a 0–100
index (``fusion``), grade it (``grades``), and write versioned ``ScoringRun`` / ``Warning`` nodes that explain every
score and every grade change (``runner``). The network model's scores arrive through ``inputs``.

Import from the modules themselves: the settings import ``grades``, so this package file stays empty.
"""
