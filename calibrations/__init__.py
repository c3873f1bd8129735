"""Calibrations shipped with coproduction (see coproduction.calibration)."""
