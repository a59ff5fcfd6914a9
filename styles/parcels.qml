<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology">
<renderer-v2 type="singleSymbol" enableorderby="0" symbollevels="0" forceraster="0">
<symbols><symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
<layer class="SimpleFill" enabled="1" pass="0" locked="0">
<prop k="color" v="255,210,60,60"/><prop k="outline_color" v="230,120,0,255"/>
<prop k="outline_width" v="0.46"/><prop k="style" v="solid"/></layer></symbol></symbols>
</renderer-v2>
</qgis>
