"""Reference data the stages consult: master data from the ERP, the unit code list and unit
conversions, and the item codes people taught the gateway.
"""
