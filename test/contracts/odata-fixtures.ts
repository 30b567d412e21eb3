/**
 * Small OData metadata documents for the table-driven tests of the OData differ: a V4 service
 * with a writable entity set (People) and a read-only one (Books, Insertable and Updatable false),
 * and a V2 service with SAP annotations (Products writable, Suppliers read-only).
 */
export const V4 = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">
    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="Demo" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Person">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="Name" Type="Edm.String" MaxLength="40"/>
        <Property Name="Age" Type="Edm.Int32"/>
        <Property Name="Born" Type="Edm.Date" Nullable="false"/>
        <Property Name="Budget" Type="Edm.Decimal" Precision="10" Scale="2"/>
        <Property Name="Home" Type="Edm.GeographyPoint" SRID="4326"/>
        <Property Name="Status" Type="self.Status" Nullable="false" DefaultValue="Active"/>
        <Property Name="Address" Type="self.Address"/>
        <NavigationProperty Name="Friends" Type="Collection(self.Person)"/>
        <NavigationProperty Name="Manager" Type="self.Person"/>
      </EntityType>
      <EntityType Name="Employee" BaseType="self.Person">
        <Property Name="Salary" Type="Edm.Int64"/>
      </EntityType>
      <EntityType Name="Book">
        <Key><PropertyRef Name="Isbn"/></Key>
        <Property Name="Isbn" Type="Edm.String" Nullable="false"/>
        <Property Name="Title" Type="Edm.String"/>
        <Property Name="Pages" Type="Edm.Int32"/>
        <Property Name="Price" Type="Edm.Decimal" Precision="10" Scale="2"/>
      </EntityType>
      <ComplexType Name="Address">
        <Property Name="City" Type="Edm.String"/>
      </ComplexType>
      <EnumType Name="Status">
        <Member Name="Active" Value="0"/>
        <Member Name="Retired" Value="1"/>
      </EnumType>
      <EnumType Name="Priority">
        <Member Name="Low" Value="0"/>
      </EnumType>
      <TypeDefinition Name="Code" UnderlyingType="Edm.String" MaxLength="3"/>
      <Function Name="Nearest">
        <Parameter Name="lat" Type="Edm.Double" Nullable="false"/>
        <Parameter Name="code" Type="Edm.String" MaxLength="10"/>
        <ReturnType Type="self.Person"/>
      </Function>
      <Function Name="Top" IsBound="true" IsComposable="true">
        <Parameter Name="people" Type="Collection(self.Person)"/>
        <ReturnType Type="Collection(self.Person)" Nullable="false"/>
      </Function>
      <Action Name="Reset"/>
      <Action Name="Promote" IsBound="true">
        <Parameter Name="person" Type="self.Person"/>
        <Parameter Name="level" Type="Edm.Int32" Nullable="false"/>
        <Parameter Name="reason" Type="Edm.String"/>
        <Parameter Name="priority" Type="self.Priority"/>
      </Action>
      <EntityContainer Name="Container">
        <EntitySet Name="People" EntityType="self.Person">
          <NavigationPropertyBinding Path="Friends" Target="People"/>
        </EntitySet>
        <EntitySet Name="Books" EntityType="self.Book">
          <Annotation Term="Capabilities.InsertRestrictions"><Record><PropertyValue Property="Insertable" Bool="false"/></Record></Annotation>
          <Annotation Term="Capabilities.UpdateRestrictions"><Record><PropertyValue Property="Updatable" Bool="false"/></Record></Annotation>
        </EntitySet>
        <EntitySet Name="Archive" EntityType="self.Person"/>
        <Singleton Name="Me" Type="self.Person"/>
        <FunctionImport Name="Nearest" Function="self.Nearest" EntitySet="People"/>
        <ActionImport Name="Reset" Action="self.Reset"/>
      </EntityContainer>
      <Annotations Target="self.Person/Name">
        <Annotation Term="Org.OData.Core.V1.Description" String="The name"/>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

export const V2 = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"
  xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">
  <edmx:DataServices m:DataServiceVersion="2.0">
    <Schema Namespace="SHOP" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
      <EntityType Name="Product">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.String" Nullable="false" MaxLength="10" sap:creatable="false" sap:updatable="false"/>
        <Property Name="Name" Type="Edm.String" MaxLength="40" sap:label="Name"/>
        <NavigationProperty Name="Supplier" Relationship="SHOP.Product_Supplier" FromRole="Product" ToRole="Supplier"/>
      </EntityType>
      <EntityType Name="Supplier">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <Association Name="Product_Supplier">
        <End Type="SHOP.Product" Multiplicity="*" Role="Product"/>
        <End Type="SHOP.Supplier" Multiplicity="0..1" Role="Supplier"/>
      </Association>
      <EntityContainer Name="SHOP_Entities" m:IsDefaultEntityContainer="true">
        <EntitySet Name="Products" EntityType="SHOP.Product"/>
        <EntitySet Name="Suppliers" EntityType="SHOP.Supplier" sap:creatable="false" sap:updatable="false" sap:deletable="false"/>
        <AssociationSet Name="Product_Supplier_Set" Association="SHOP.Product_Supplier">
          <End EntitySet="Products" Role="Product"/>
          <End EntitySet="Suppliers" Role="Supplier"/>
        </AssociationSet>
        <FunctionImport Name="Copy" ReturnType="SHOP.Product" EntitySet="Products" m:HttpMethod="POST">
          <Parameter Name="Id" Type="Edm.String" Mode="In" MaxLength="10"/>
        </FunctionImport>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

/** A CSDL JSON service: a writable set of Person, a read-only one of Book. */
export const CSDL_JSON = {
  $Version: "4.01",
  $EntityContainer: "Demo.Container",
  $Reference: {
    "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json": {
      $Include: [{ $Namespace: "Org.OData.Capabilities.V1", $Alias: "Capabilities" }],
    },
  },
  Demo: {
    Person: {
      $Kind: "EntityType",
      $Key: ["Id"],
      Id: { $Type: "Edm.Int32" },
      Name: { $Nullable: true, $MaxLength: 40 },
      Gender: { $Type: "Demo.Gender" },
    },
    Book: {
      $Kind: "EntityType",
      $Key: ["Isbn"],
      Isbn: {},
      Title: { $Nullable: true },
    },
    Gender: { $Kind: "EnumType", Female: 0, Male: 1 },
    Nearest: [
      {
        $Kind: "Function",
        $Parameter: [{ $Name: "lat", $Type: "Edm.Double" }],
        $ReturnType: { $Type: "Demo.Person" },
      },
    ],
    Container: {
      $Kind: "EntityContainer",
      People: { $Collection: true, $Type: "Demo.Person" },
      Books: {
        $Collection: true,
        $Type: "Demo.Book",
        "@Capabilities.InsertRestrictions": { Insertable: false },
        "@Capabilities.UpdateRestrictions": { Updatable: false },
      },
      Nearest: { $Function: "Demo.Nearest", $EntitySet: "People" },
    },
  },
};
