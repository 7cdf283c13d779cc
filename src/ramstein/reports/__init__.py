"""The triple-win report: pure computations over snapshots, and the service that builds them."""
