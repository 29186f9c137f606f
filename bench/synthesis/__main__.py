"""``python -m bench.synthesis`` runs the synthesis benchmark."""

from bench.synthesis.run import main

main()
