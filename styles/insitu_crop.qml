<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology">
<renderer-v2 type="categorizedSymbol" attr="CROP" enableorderby="0" symbollevels="0" forceraster="0">
<categories><category render="true" symbol="0" value="1" label="Crop"/><category render="true" symbol="1" value="0" label="Non-crop"/></categories>
<symbols><symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" pass="0" locked="0"><prop k="color" v="242,193,46,200"/><prop k="outline_color" v="35,35,35,255"/><prop k="outline_width" v="0.26"/><prop k="style" v="solid"/></layer></symbol><symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" pass="0" locked="0"><prop k="color" v="91,140,58,200"/><prop k="outline_color" v="35,35,35,255"/><prop k="outline_width" v="0.26"/><prop k="style" v="solid"/></layer></symbol></symbols>
</renderer-v2>
</qgis>
