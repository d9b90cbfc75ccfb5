"""What ``scripts/generate.py`` hands the generators: their settings (``opc-config.yaml``), their
templates (``opc_templates/``, ``templates/``) and the views of a spec (``views``)."""
