"""clustersim: an agent-based model of industrial clusters and open innovation, on Mesa."""
