"""Requirement frameworks shipped with npgap, as TOML data files (loaded by `npgap.framework`).

A package (not just a folder) so that `importlib.resources` finds the files in any install.
"""
